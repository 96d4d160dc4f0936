//! Terraform JSON (plans, `terraform show -json` states, raw tfstate v4/v3): both sides of a
//! plan through `import_plan`, any Terraform file through `import`; the import checks on success.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vpcmap::import::InputFile;

fuzz_target!(|data: &[u8]| {
    vpcmap_fuzz::remember(data);
    let text = String::from_utf8_lossy(data);
    let files = [InputFile::new("plan.json", text)];
    if let Ok(sides) = vpcmap::import::import_plan(&files) {
        vpcmap_fuzz::check_imported(&sides.before.topology);
        vpcmap_fuzz::check_imported(&sides.after.topology);
        let _ = vpcmap::diff::run(&sides.before.topology, &sides.after.topology);
    } else if let Ok(imported) = vpcmap::import::import(&files) {
        vpcmap_fuzz::check_imported(&imported.topology);
    }
});
