//! The JavaScript edge: the only file that names `wasm_bindgen`, `JsValue` or `js_sys`.
//!
//! Each export decodes its arguments, calls one core function and encodes the result; there is
//! no logic here beyond error mapping. Documents cross as JS objects or JSON text; objects are
//! turned into text with `JSON.stringify` and parsed by the same code as the CLI, so an error in
//! the browser reads exactly like the CLI's (`document: $.vpcs[0].cidrs[0]: expected …`).
//! Results are encoded JSON-compatibly (plain objects, no `Map`s), matching the CLI's JSON.
//!
//! Two builds: with the `full` feature (the default) every export below; without it, the
//! viewer's WASM that a `<vpc-map>` page loads first — validate, trace, layout, renderSvg,
//! diagramCss, version over native documents only — so it leaves out the importers and
//! everything else only `mod full` reaches (scripts/build-wasm builds both).

use crate::import;
use crate::model::Topology;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Resources of one kind; docs/vpcmap.schema.json gives every field. */
type Resources = Record<string, unknown>[];
/** A vpcmap document. Unknown top-level keys are refused, as by the CLI. */
export interface VpcmapDocument {
  format: "vpcmap/1"; name?: string;
  accounts?: Resources; regions?: Resources; vpcs?: Resources; subnets?: Resources; routeTables?: Resources;
  internetGateways?: Resources; natGateways?: Resources; vpcPeeringConnections?: Resources;
  vpnGateways?: Resources; customerGateways?: Resources; vpnConnections?: Resources;
  dxConnections?: Resources; virtualInterfaces?: Resources; dxGateways?: Resources; dxGatewayAssociations?: Resources;
  vpcEndpoints?: Resources; prefixLists?: Resources; transitGateways?: Resources; transitGatewayAttachments?: Resources;
  transitGatewayRouteTables?: Resources; securityGroups?: Resources; networkAcls?: Resources;
  networkInterfaces?: Resources; instances?: Resources; onPremNetworks?: Resources; quotas?: Resources;
  /** Resources referred to but described outside the document, each with the list it would be declared in. */
  external?: ExternalRef[];
  planned?: PlannedId[];
  /** Accepted findings, reported as suppressed and not counted. */
  suppressions?: Suppression[];
  /** Hand-made layout decisions the layout respects (written by the editor). */
  layout?: LayoutHints;
}
/** `pins`: a dragged box's top-left corner relative to its parent box; `order`: preferred sibling order. */
export interface LayoutHints { pins?: Record<string, { x: number; y: number }>; order?: string[] }
/** The placeholder id of a resource a Terraform plan creates ("known after apply"). */
export interface ExternalRef { id: string; kind: "vpcs" | "subnets" | "routeTables" | "internetGateways" | "natGateways" | "vpcPeeringConnections" | "vpnGateways" | "customerGateways" | "dxConnections" | "virtualInterfaces" | "dxGateways" | "vpcEndpoints" | "securityGroups" | "transitGateways" | "transitGatewayRouteTables" | "instances" | "networkInterfaces" }
export interface PlannedId { id: string; address: string; unknown?: string[] }
/** One accepted finding: every finding of `code` naming `resource` (any, when absent). */
export interface Suppression { code: string; resource?: string; reason: string }
export type Severity = "error" | "warning" | "info";
/** One thing validation has to say; `resources` lists the primary resource first. */
export interface Finding { code: string; severity: Severity; message: string; resources: string[]; hint?: string; suppressed?: { reason: string } }
/** `errors`, `warnings` and `info` count findings that are not suppressed. */
export interface Report { findings: Finding[]; summary: { errors: number; warnings: number; info: number; suppressed: number } }
/** A redraw from one validation: the SVG (with finding badges) and the report. */
export interface Drawn { svg: string; report: Report }
export type NodeKind = "region" | "account" | "vpc" | "az" | "subnet" | "internet-gateway" | "nat-gateway" | "vpn-gateway"
  | "customer-gateway" | "transit-gateway" | "dx-gateway" | "dx-connection" | "vpc-endpoint" | "instance" | "onprem"
  | "service" | "internet";
export type EdgeKind = "peering" | "vpn" | "dx" | "endpoint" | "tgw-attachment" | "route";
/** A box; `x`, `y` are absolute (top-left), `parent` is the enclosing box's id. */
export interface LayoutNode { id: string; kind: NodeKind; label: string; detail?: string; variant?: string; parent: string | null; x: number; y: number; width: number; height: number }
/** An orthogonal polyline from `source` to `target`. */
export interface LayoutEdge { id: string; kind: EdgeKind; source: string; target: string; label?: string; points: [number, number][] }
export interface Layout { width: number; height: number; nodes: LayoutNode[]; edges: LayoutEdge[] }
/** One input file; `name` is accepted for `path` (a browser `File` has a name). */
export interface InputFile { path?: string; name?: string; text: string }
export interface Note { file: string; message: string }
export interface Imported { topology: VpcmapDocument; notes: Note[] }
/** A CIDR planner question: blocks of `/prefixLen` inside `within` (default 10.0.0.0/8). */
export interface SuggestCidrOptions { prefixLen: number; within?: string; region?: string; count?: number }
/** Free blocks, lowest first; fewer than `count` when the range is full. */
export interface CidrSuggestion { prefixLen: number; within: string; region?: string; count: number; blocks: string[] }
/** What to trace; `from`/`to` as the CLI's --from/--to (instance, eni, subnet, IP, "internet", on-prem network, "service:s3@region"). */
export interface TraceQuery { from: string; to: string; protocol?: string; port?: number }
export interface Hop { resource: string; kind: string; action: string; detail: string }
/** A change to a document that a fix consists of (apply with the editor, or by hand). */
export type Change =
  | { op: "addRoute"; routeTable: string; destination: string; target: string }
  | { op: "addSecurityGroupRule"; group: string; direction: "ingress" | "egress"; protocol: string; fromPort?: number; toPort?: number; peer: string }
  | { op: "addNetworkAclEntry"; networkAcl: string; ruleNumber: number; egress: boolean; protocol: string; fromPort?: number; toPort?: number; cidr: string }
  | { op: "addTransitGatewayRoute"; routeTable: string; destination: string; attachment: string };
/** Why a path stops: `code` is a Reachability Analyzer explanation code where one fits; `fix` is verified by re-tracing. */
export interface Blocked { code: string; rule?: string; resource: string; message: string; fix: string | null; changes?: Change[] }
export interface Leg { reachable: boolean; hops: Hop[]; blocked: Blocked | null }
export interface EndpointRef { id: string; kind: string; label: string; address?: string }
export interface Trace { reachable: boolean; from: EndpointRef; to: EndpointRef; protocol: string; port?: number; hops: Hop[]; blocked: Blocked | null; return: Leg | null }
export interface MatrixQuery { protocol?: string; port?: number }
export interface Matrix { protocol: string; port?: number; endpoints: { id: string; kind: string; label: string }[]; cells: { from: string; to: string; reachable: boolean; code: string | null }[] }
export interface RenderOptions { theme?: "auto" | "light" | "dark"; findings?: boolean; title?: string; style?: boolean }
/** `toDrawio` options: whose colours (`auto` is light: a draw.io file has fixed colours) and the page name (default: the document's name). */
export interface DrawioOptions { theme?: "auto" | "light" | "dark"; title?: string }
/** A Terraform plan's two sides, each imported as a document. */
export interface PlanSides { before: Imported; after: Imported }
export type ChangeKind = "added" | "removed" | "changed";
export interface ResourceChange { id: string; kind: string; name?: string; change: ChangeKind; fields?: string[] }
/** A pair of endpoints whose reachability differs; `via` is the path (or where it stops), `code` why it is blocked. */
export interface ReachChange { from: string; to: string; fromLabel: string; toLabel: string; before: boolean; after: boolean; via?: string[]; code?: string }
export interface DiffSummary { added: number; removed: number; changed: number; introduced: number; introducedErrors: number; resolved: number; reachableNow: number; unreachableNow: number }
/** `vpcmap diff --format json`: what a change does to the network. */
export interface Diff { resources: ResourceChange[]; introduced: Finding[]; resolved: Finding[]; reachability: ReachChange[]; summary: DiffSummary }
"#;

#[wasm_bindgen(start)]
pub fn start() {
    // A panic would otherwise surface as an opaque "unreachable" trap; the hook logs the message.
    console_error_panic_hook::set_once();
}

fn js_error(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

// Values cross as JSON text, through serde_json (which the core needs for documents anyway) and
// the browser's own JSON.parse/JSON.stringify: one serializer and one deserializer per type in the
// WASM instead of a second pair for JS objects, which kept the binary ~25% larger.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value).map_err(js_error)?;
    js_sys::JSON::parse(&text).map_err(|_| js_error("result: not valid JSON"))
}

/// Decode a JS value (an options or query object) as `T`; the error is serde's message.
fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| String::from("not a JSON value"))?;
    serde_json::from_str(&text).map_err(|e| crate::import::strip_position(&e.to_string()))
}

fn document_text(doc: &JsValue) -> Result<String, JsError> {
    if let Some(text) = doc.as_string() {
        return Ok(text);
    }
    js_sys::JSON::stringify(doc)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| js_error("document: expected a vpcmap document (an object or JSON text)"))
}

fn topology(doc: &JsValue) -> Result<Topology, JsError> {
    named_topology("document", doc)
}

/// As [`topology`], with `name` (`before`, `after`) in front of every error. The full WASM
/// parses as the CLI does (errors carry a JSONPath); the viewer's parses the text straight into
/// the model (errors carry a line and column), which keeps `serde_json::Value` and
/// `serde_path_to_error` out of it. `www/src/core.js` asks the full core for the located message
/// when the viewer's refuses a document.
fn named_topology(name: &str, doc: &JsValue) -> Result<Topology, JsError> {
    parse_document(name, &document_text(doc)?)
}

fn parse_document(name: &str, text: &str) -> Result<Topology, JsError> {
    #[cfg(feature = "full")]
    let parsed = import::native::parse(name, text);
    #[cfg(not(feature = "full"))]
    let parsed = import::native::parse_unlocated(name, text);
    parsed.map_err(js_error)
}

/// Throw unless `text` is a vpcmap document this core reads (file `path` in the message). The
/// viewer's stand-in for `importFiles` of one native document, which it has no importer for.
#[wasm_bindgen(js_name = checkDocument)]
pub fn check_document_js(path: &str, text: &str) -> Result<(), JsError> {
    parse_document(path, text).map(|_| ())
}

/// Check a document against AWS's rules: `{findings, summary}`.
#[wasm_bindgen(js_name = validate, unchecked_return_type = "Report")]
pub fn validate_js(
    #[wasm_bindgen(unchecked_param_type = "VpcmapDocument | string")] doc: JsValue,
) -> Result<JsValue, JsError> {
    to_js(&crate::validate::run(&topology(&doc)?))
}

/// Can `query.from` reach `query.to`? Hop by hop, both directions, with a verified fix when not.
#[wasm_bindgen(js_name = trace, unchecked_return_type = "Trace")]
pub fn trace_js(
    #[wasm_bindgen(unchecked_param_type = "VpcmapDocument | string")] doc: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TraceQuery")] query: JsValue,
) -> Result<JsValue, JsError> {
    let topo = topology(&doc)?;
    let query: crate::reach::Query = from_js(&query).map_err(|e| {
        js_error(format!(
            "query: expected {{from, to, protocol?, port?}} ({e})"
        ))
    })?;
    to_js(&crate::reach::trace(&topo, &query).map_err(js_error)?)
}

/// Lay out a document: `{width, height, nodes, edges}`.
#[wasm_bindgen(js_name = layout, unchecked_return_type = "Layout")]
pub fn layout_js(
    #[wasm_bindgen(unchecked_param_type = "VpcmapDocument | string")] doc: JsValue,
) -> Result<JsValue, JsError> {
    let topo = topology(&doc)?;
    to_js(&with_last_routes(|memo| {
        crate::layout::run_reusing(&topo, memo)
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RenderOptionsJs {
    theme: Option<String>,
    findings: bool,
    title: Option<String>,
    /// `false` leaves out the embedded stylesheet (the page adopts `diagramCss()` instead).
    style: Option<bool>,
}

/// The drawing options of `renderSvg`, `draw` and `renderDiff`; absent or `null` means the
/// defaults.
fn render_options(options: Option<JsValue>) -> Result<RenderOptionsJs, JsError> {
    match options.filter(|o| !o.is_null()) {
        None => Ok(RenderOptionsJs::default()),
        Some(options) => from_js(&options).map_err(|e| js_error(format!("options: {e}"))),
    }
}

/// Draw a document as SVG text; `options.findings` adds badges for validation findings.
#[wasm_bindgen(js_name = renderSvg)]
pub fn render_svg_js(
    #[wasm_bindgen(unchecked_param_type = "VpcmapDocument | string")] doc: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: Option<JsValue>,
) -> Result<String, JsError> {
    let topo = topology(&doc)?;
    let options = render_options(options)?;
    Ok(crate::render_document(
        &topo,
        options.theme.as_deref(),
        options.findings,
        options.title,
        options.style == Some(false),
    ))
}

thread_local! {
    /// The routes of the last `draw` or `layout`. An editor draws after every edit, and most
    /// edits (a name, a CIDR, a route, a rule) move no box, so the next layout reuses them:
    /// routing is most of a layout's time. The design tool also lays out the drawn document
    /// when a drag starts. One module instance has one thread, so this is one memo per page or
    /// worker; laying out another document only replaces it.
    static LAST_ROUTES: std::cell::RefCell<crate::layout::Memo> = std::cell::RefCell::default();
}

/// Run `f` with the module's route memo (a fresh one in the impossible case that it is already
/// borrowed: a call from inside a call). The viewer core keeps one too: the design tool's worker
/// draws on it (`www/src/vpcmap.js` serves draw and layout from the viewer core while the full
/// core is not needed).
fn with_last_routes<T>(f: impl FnOnce(&mut crate::layout::Memo) -> T) -> T {
    LAST_ROUTES.with(|memo| match memo.try_borrow_mut() {
        Ok(mut memo) => f(&mut memo),
        Err(_) => f(&mut crate::layout::Memo::default()),
    })
}

/// What an editor redraws after an edit, from one parse and one validation: `{svg, report}`, the
/// SVG with badges for the report's findings (`options.findings` is ignored: badges are drawn).
#[wasm_bindgen(js_name = draw, unchecked_return_type = "Drawn")]
pub fn draw_js(
    #[wasm_bindgen(unchecked_param_type = "VpcmapDocument | string")] doc: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let topo = topology(&doc)?;
    let options = render_options(options)?;
    let (report, svg) = with_last_routes(|memo| {
        crate::render_checked(
            &topo,
            options.theme.as_deref(),
            options.title.clone(),
            options.style == Some(false),
            memo,
        )
    });
    // The SVG goes over as a string of its own: inside the JSON text of `to_js` its 250 KB at
    // 50 VPCs were escaped, decoded and parsed once more, a quarter of an editor's redraw.
    let drawn = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        js_sys::Reflect::set(&drawn, &JsValue::from_str(key), value)
            .map(|_| ())
            .map_err(|_| js_error("result: could not build the answer object"))
    };
    set("svg", &JsValue::from_str(&svg))?;
    set("report", &to_js(&report)?)?;
    Ok(drawn.into())
}

/// The diagram stylesheet (light and dark themes). Pages with a strict Content-Security-Policy
/// block the `<style>` inside an inserted SVG; they adopt this text as a constructed stylesheet.
#[wasm_bindgen(js_name = diagramCss)]
pub fn diagram_css_js() -> String {
    crate::render::STYLE.to_string()
}

/// The vpcmap version.
#[wasm_bindgen(js_name = version)]
pub fn version_js() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The design tool's exports: importers (AWS, Terraform), matrix, CIDR planner, diff, convert
/// and the sample. The viewer WASM (`--no-default-features`) leaves them out, and with them the
/// code only they reach.
#[cfg(feature = "full")]
mod full {
    use super::*;
    use crate::import::{InputFile, Note};

    #[derive(Deserialize)]
    struct JsInputFile {
        #[serde(alias = "name")]
        path: String,
        text: String,
    }

    fn input_files(files: JsValue) -> Result<Vec<InputFile>, JsError> {
        let files: Vec<JsInputFile> = from_js(&files).map_err(|e| {
            js_error(format!(
                "files: expected an array of {{path, text}} objects ({e})"
            ))
        })?;
        Ok(files
            .into_iter()
            .map(|f| InputFile::new(f.path, f.text))
            .collect())
    }

    #[derive(Serialize)]
    struct ImportedJs<'a> {
        topology: &'a Topology,
        notes: &'a [Note],
    }

    /// Suggest free IPv4 blocks for a new VPC: `{prefixLen, within, region?, count, blocks}`.
    #[wasm_bindgen(js_name = suggestCidr, unchecked_return_type = "CidrSuggestion")]
    pub fn suggest_cidr_js(
        #[wasm_bindgen(unchecked_param_type = "VpcmapDocument | string")] doc: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SuggestCidrOptions")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let topo = topology(&doc)?;
        let query: crate::validate::CidrQuery =
            from_js(&options).map_err(|e| js_error(format!("options: {e}")))?;
        to_js(&crate::validate::suggest_cidr(&topo, &query).map_err(js_error)?)
    }

    /// Which subnets, on-premises networks, the internet and services reach which.
    #[wasm_bindgen(js_name = matrix, unchecked_return_type = "Matrix")]
    pub fn matrix_js(
        #[wasm_bindgen(unchecked_param_type = "VpcmapDocument | string")] doc: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "MatrixQuery")] query: Option<JsValue>,
    ) -> Result<JsValue, JsError> {
        let topo = topology(&doc)?;
        let query: crate::reach::MatrixQuery =
            match query.filter(|q| !q.is_null() && !q.is_undefined()) {
                None => crate::reach::MatrixQuery::default(),
                Some(query) => from_js(&query)
                    .map_err(|e| js_error(format!("query: expected {{protocol?, port?}} ({e})")))?,
            };
        to_js(&crate::reach::matrix(&topo, &query).map_err(js_error)?)
    }

    /// Import any supported input (one vpcmap document, or AWS describe-* outputs): `{topology, notes}`.
    #[wasm_bindgen(js_name = importFiles, unchecked_return_type = "Imported")]
    pub fn import_files_js(
        #[wasm_bindgen(unchecked_param_type = "InputFile[]")] files: JsValue,
    ) -> Result<JsValue, JsError> {
        let imported = import::import(&input_files(files)?).map_err(js_error)?;
        to_js(&ImportedJs {
            topology: &imported.topology,
            notes: &imported.notes,
        })
    }

    /// Import AWS describe-* outputs only (a vpcmap document is refused): `{topology, notes}`.
    #[wasm_bindgen(js_name = importAws, unchecked_return_type = "Imported")]
    pub fn import_aws_js(
        #[wasm_bindgen(unchecked_param_type = "InputFile[]")] files: JsValue,
    ) -> Result<JsValue, JsError> {
        let files = input_files(files)?;
        let imported = import::import_aws(&files).map_err(js_error)?;
        to_js(&ImportedJs {
            topology: &imported.topology,
            notes: &imported.notes,
        })
    }

    /// Convert any supported input to a vpcmap document.
    #[wasm_bindgen(js_name = convert, unchecked_return_type = "VpcmapDocument")]
    pub fn convert_js(
        #[wasm_bindgen(unchecked_param_type = "InputFile[]")] files: JsValue,
    ) -> Result<JsValue, JsError> {
        let imported = import::import(&input_files(files)?).map_err(js_error)?;
        to_js(&imported.topology)
    }

    /// Compare two documents: resources added/removed/changed, findings introduced and resolved,
    /// and reachability that changed (as `vpcmap diff --format json`).
    #[wasm_bindgen(js_name = diff, unchecked_return_type = "Diff")]
    pub fn diff_js(
        #[wasm_bindgen(unchecked_param_type = "VpcmapDocument | string")] before: JsValue,
        #[wasm_bindgen(unchecked_param_type = "VpcmapDocument | string")] after: JsValue,
    ) -> Result<JsValue, JsError> {
        let before = named_topology("before", &before)?;
        let after = named_topology("after", &after)?;
        to_js(&crate::diff::run(&before, &after))
    }

    /// Draw a change as SVG (as `vpcmap diff --svg`): both sides in one picture, added boxes green,
    /// removed red, changed outlined, unchanged boxes where the before side has them.
    #[wasm_bindgen(js_name = diffSvg)]
    pub fn diff_svg_js(
        #[wasm_bindgen(unchecked_param_type = "VpcmapDocument | string")] before: JsValue,
        #[wasm_bindgen(unchecked_param_type = "VpcmapDocument | string")] after: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: Option<JsValue>,
    ) -> Result<String, JsError> {
        let before = named_topology("before", &before)?;
        let after = named_topology("after", &after)?;
        let options = render_options(options)?;
        let change = crate::diff::run(&before, &after);
        Ok(crate::render_diff(
            &before,
            &after,
            &change,
            options.theme.as_deref(),
            options.style == Some(false),
        ))
    }

    /// Import `terraform show -json` plans as two documents: the prior state and the planned one.
    #[wasm_bindgen(js_name = importPlan, unchecked_return_type = "PlanSides")]
    pub fn import_plan_js(
        #[wasm_bindgen(unchecked_param_type = "InputFile[]")] files: JsValue,
    ) -> Result<JsValue, JsError> {
        let sides = import::import_plan(&input_files(files)?).map_err(js_error)?;
        to_js(&PlanSidesJs {
            before: ImportedJs {
                topology: &sides.before.topology,
                notes: &sides.before.notes,
            },
            after: ImportedJs {
                topology: &sides.after.topology,
                notes: &sides.after.notes,
            },
        })
    }

    #[derive(Serialize)]
    struct PlanSidesJs<'a> {
        before: ImportedJs<'a>,
        after: ImportedJs<'a>,
    }

    #[derive(Deserialize, Default)]
    #[serde(default, deny_unknown_fields)]
    struct DrawioOptionsJs {
        theme: Option<String>,
        title: Option<String>,
    }

    /// Lay out a document and write it as a draw.io (mxGraph XML) file, as `vpcmap render
    /// --format drawio`: containers for regions, VPCs, zones and subnets, editable edges.
    #[wasm_bindgen(js_name = toDrawio)]
    pub fn to_drawio_js(
        #[wasm_bindgen(unchecked_param_type = "VpcmapDocument | string")] doc: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "DrawioOptions")] options: Option<JsValue>,
    ) -> Result<String, JsError> {
        let topo = topology(&doc)?;
        let options: DrawioOptionsJs = match options.filter(|o| !o.is_null() && !o.is_undefined()) {
            None => DrawioOptionsJs::default(),
            Some(options) => from_js(&options).map_err(|e| js_error(format!("options: {e}")))?,
        };
        let theme = match options.theme.as_deref() {
            Some("dark") => crate::render::Theme::Dark,
            _ => crate::render::Theme::Light,
        };
        Ok(crate::render_drawio(
            &topo,
            &crate::render::DrawioOptions {
                theme,
                title: options.title,
            },
        ))
    }

    /// The built-in sample document.
    #[wasm_bindgen(js_name = sample, unchecked_return_type = "VpcmapDocument")]
    pub fn sample_js() -> Result<JsValue, JsError> {
        to_js(&crate::sample::topology())
    }
}
