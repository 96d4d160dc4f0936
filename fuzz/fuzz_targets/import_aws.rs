//! One AWS describe-* file (or a merged `{"Regions": …}` export): import, and on success the
//! import checks.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vpcmap::import::InputFile;

fuzz_target!(|data: &[u8]| {
    vpcmap_fuzz::remember(data);
    let text = String::from_utf8_lossy(data);
    if let Ok(imported) =
        vpcmap::import::import_aws(&[InputFile::new("aws_configs/us-east-1/export.json", text)])
    {
        vpcmap_fuzz::check_imported(&imported.topology);
    }
});
