//! Structure-aware: an arbitrary [`vpcmap_fuzz::Recipe`] becomes a native document; one that
//! imports goes through validate → trace (its pairs) → matrix → layout → render, twice for the
//! byte-for-byte checks, and through convert → import.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|recipe: vpcmap_fuzz::Recipe| {
    let document = recipe.document();
    let Ok(topology) = vpcmap::import::native::from_value("recipe.json", document) else {
        return;
    };
    vpcmap_fuzz::check_imported(&topology);
    vpcmap_fuzz::pipeline(&topology, &recipe.pairs);
});
