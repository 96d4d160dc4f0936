//! Native documents (`"format": "vpcmap/1"`) as text: parse, and on success the import checks.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    vpcmap_fuzz::remember(data);
    let text = String::from_utf8_lossy(data);
    if let Ok(topology) = vpcmap::import::native::parse("doc.json", &text) {
        vpcmap_fuzz::check_imported(&topology);
    }
});
