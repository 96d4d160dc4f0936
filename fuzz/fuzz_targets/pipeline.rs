//! Structure-aware: an arbitrary [`vpcmap_fuzz::Recipe`] becomes a native document; one that
//! imports goes through validate → trace (its pairs) → matrix → layout → render, twice for the
//! byte-for-byte checks, and through convert → import.
#![no_main]
use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;

// Raw bytes in, decoded as the typed `fuzz_target!` form does (`arbitrary_take_rest`), so the
// input can be remembered first and the corpus keeps its meaning.
fuzz_target!(|data: &[u8]| {
    vpcmap_fuzz::remember(data);
    let Ok(recipe) = vpcmap_fuzz::Recipe::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let document = recipe.document();
    let Ok(topology) = vpcmap::import::native::from_value("recipe.json", document) else {
        return;
    };
    vpcmap_fuzz::check_imported(&topology);
    vpcmap_fuzz::pipeline(&topology, &recipe.pairs);
});
