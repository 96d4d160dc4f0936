//! The `vpcmap` command line: the only code that reads files, prints, or picks exit codes.
//!
//! Exit codes are a contract for CI pipelines: 0 = success (for `validate`: no error findings;
//! for `diff`: no error finding introduced), 1 = `validate` found errors or `diff` introduced
//! one, 2 = the input could not be read (the message names the file and the JSON path), or the
//! command line was wrong.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vpcmap::import::{self, InputFile};

#[derive(Parser)]
#[command(
    name = "vpcmap",
    version,
    about = "Validate, trace and lay out AWS network topologies; draw them as diagrams",
    long_about = "Validate, trace and lay out AWS network topologies; draw them as diagrams.\n\n\
        INPUT is a vpcmap document (\"format\": \"vpcmap/1\"), AWS CLI describe-* JSON files, \
        or a directory of them (e.g. a snapshot laid out as aws_configs/<region>/*.json). \
        The kind of input is detected from the content."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a topology against AWS's rules. Exit 0 when no error findings, 1 when there are.
    Validate {
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Suggest free IPv4 blocks for a new VPC: blocks that overlap no VPC block, peer block,
    /// on-premises network, VPN static route or Direct Connect allowed prefix of the document.
    /// Exit 0 when `--count` blocks were found, 1 when fewer exist.
    SuggestCidr {
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// The size of the blocks, e.g. 16 for /16 blocks.
        #[arg(long, value_name = "N")]
        prefix_len: u8,
        /// The range to search.
        #[arg(long, value_name = "CIDR", default_value = "10.0.0.0/8")]
        within: String,
        /// Avoid only this region's VPCs and the VPCs peered with them (hybrid ranges always).
        #[arg(long, value_name = "REGION")]
        region: Option<String>,
        /// How many blocks to suggest.
        #[arg(long, value_name = "N", default_value_t = 1)]
        count: usize,
        #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
        format: PlanFormat,
    },
    /// Lay out a topology: boxes and orthogonal edges as JSON.
    Layout {
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = LayoutFormat::Json)]
        format: LayoutFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Draw a topology as one self-contained SVG (with badges on resources that have findings),
    /// a PNG of it, or a draw.io file whose boxes and edges stay editable.
    Render {
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = RenderFormat::Svg)]
        format: RenderFormat,
        /// Colour scheme: follow the viewer's system setting (SVG only), or force one. PNG and
        /// draw.io have no viewer setting to follow: `auto` is light there.
        #[arg(long, value_enum, default_value_t = ThemeArg::Auto)]
        theme: ThemeArg,
        /// PNG only: pixels per SVG unit (2 for a sharp picture on a high-density screen).
        #[arg(long, value_name = "N", default_value_t = 1.0)]
        scale: f32,
        /// Leave out the finding badges.
        #[arg(long)]
        no_findings: bool,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Convert any supported input to a vpcmap document.
    Convert {
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Can A reach B? Follow one flow hop by hop, and its reply. Exit 0 when reachable, 1 when not.
    ///
    /// SRC and DST: an instance (i-…), network interface (eni-…) or subnet (subnet-…) id, an IP
    /// address, `internet`, an on-premises network's id, name or CIDR, or service:dynamodb /
    /// service:s3 (the other end's Region, or @region).
    Trace {
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        #[arg(long, value_name = "SRC")]
        from: String,
        #[arg(long, value_name = "DST")]
        to: String,
        /// tcp, udp, icmp, icmpv6, all, or an IP protocol number 0-255 [default: all; tcp to a service]
        #[arg(long)]
        protocol: Option<String>,
        /// Destination port (or ICMP type) [default: every port; 443 to a service]
        #[arg(long)]
        port: Option<u16>,
        #[arg(long, value_enum, default_value_t = TraceFormat::Text)]
        format: TraceFormat,
    },
    /// Which subnets, on-premises networks, the internet and services can reach which.
    Matrix {
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// As for `trace` [default: all]
        #[arg(long)]
        protocol: Option<String>,
        #[arg(long)]
        port: Option<u16>,
        #[arg(long, value_enum, default_value_t = MatrixFormat::Json)]
        format: MatrixFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Review a change: resources added/removed/changed, findings introduced and resolved,
    /// reachability gained and lost. Give BEFORE and AFTER (any two inputs), or one Terraform
    /// plan (`terraform show -json PLANFILE`), whose prior state is compared with its planned
    /// values. Exit 0 when no error finding is introduced, 1 when one is.
    Diff {
        /// BEFORE and AFTER, or one plan.
        #[arg(required = true, num_args = 1..=2, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Also draw the change: both sides in one diagram, added green, removed red, changed
        /// outlined.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
        /// Colour scheme of the SVG.
        #[arg(long, value_enum, default_value_t = ThemeArg::Auto)]
        theme: ThemeArg,
    },
    /// Score a layout JSON (vpcmap's, or elk-compare's in the same shape) with the quality
    /// checks: contract violations and metrics (crossings, length, bends, area) as JSON. Exit 0
    /// when there are no violations, 1 when there are.
    LayoutCheck {
        #[arg(value_name = "LAYOUT")]
        layout: PathBuf,
        /// Also lay this document out `--runs` times and report the median time of the layout
        /// itself (import excluded), for comparisons run on the same machine.
        #[arg(long, value_name = "DOCUMENT")]
        time: Option<PathBuf>,
        #[arg(long, value_name = "N", default_value_t = 5)]
        runs: usize,
    },
    /// Print the JSON Schema of the vpcmap document format.
    Schema,
    /// Print the built-in sample topology as a vpcmap document.
    Sample {
        /// Print a generated topology of this many VPCs instead (for trying vpcmap at scale).
        #[arg(long, value_name = "N")]
        vpcs: Option<usize>,
        /// The generated topology's shape: `chain` (a chain and chords, 250 VPCs per region) or
        /// `hub-mesh` (per region a hub VPC peered with every spoke plus a random mesh, 25 VPCs
        /// per region, VPN and Direct Connect sites).
        #[arg(long, value_enum, default_value_t = SampleShape::Chain, requires = "vpcs")]
        shape: SampleShape,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SampleShape {
    Chain,
    HubMesh,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum TraceFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum PlanFormat {
    /// One block per line.
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum MatrixFormat {
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum RenderFormat {
    Svg,
    Png,
    Drawio,
}

#[derive(Clone, Copy, ValueEnum)]
enum ThemeArg {
    Auto,
    Light,
    Dark,
}

#[derive(Clone, Copy, ValueEnum)]
enum LayoutFormat {
    Json,
}

/// A failure that ends the command with exit code 2.
struct Fatal(String);

impl From<import::ImportError> for Fatal {
    fn from(err: import::ImportError) -> Fatal {
        Fatal(err.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("vpcmap: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Fatal> {
    match command {
        Command::Validate { inputs, format } => {
            let topology = load(&inputs)?;
            let report = vpcmap::validate::run(&topology);
            let text = match format {
                ReportFormat::Text => vpcmap::validate::render_text(&report),
                ReportFormat::Json => to_json(&report)?,
                ReportFormat::Sarif => {
                    // One input file is the artifact results point at; a directory or several
                    // files have no single one, and results keep only their logical locations.
                    let artifact = match inputs.as_slice() {
                        [only] if only.is_file() => {
                            Some(vpcmap::validate::file_uri(&only.display().to_string()))
                        }
                        _ => None,
                    };
                    to_json(&vpcmap::validate::render_sarif(
                        &report,
                        artifact.as_deref(),
                    ))?
                }
            };
            emit(None, &text)?;
            Ok(if report.summary.errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::SuggestCidr {
            inputs,
            prefix_len,
            within,
            region,
            count,
            format,
        } => {
            let within: vpcmap::model::Cidr4 = within
                .parse()
                .map_err(|e| Fatal(format!("--within: {e}")))?;
            let topology = load(&inputs)?;
            let query = vpcmap::validate::CidrQuery {
                prefix_len,
                within: Some(within),
                region,
                count: Some(count),
            };
            let suggestion = vpcmap::validate::suggest_cidr(&topology, &query)
                .map_err(|e| Fatal(format!("suggest-cidr: {e}")))?;
            let text = match format {
                PlanFormat::Text => suggestion
                    .blocks
                    .iter()
                    .map(|block| format!("{block}\n"))
                    .collect(),
                PlanFormat::Json => to_json(&suggestion)?,
            };
            if !text.is_empty() {
                emit(None, &text)?;
            }
            if suggestion.blocks.len() < suggestion.count {
                eprintln!(
                    "vpcmap: only {} free /{} block{} in {} (asked for {})",
                    suggestion.blocks.len(),
                    suggestion.prefix_len,
                    if suggestion.blocks.len() == 1 {
                        ""
                    } else {
                        "s"
                    },
                    suggestion.within,
                    suggestion.count
                );
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Layout {
            inputs,
            format: LayoutFormat::Json,
            output,
        } => {
            let topology = load(&inputs)?;
            let layout = vpcmap::layout::run(&topology);
            emit(output.as_deref(), &to_json(&layout)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Render {
            inputs,
            format,
            theme,
            scale,
            no_findings,
            output,
        } => {
            if format != RenderFormat::Png && scale != 1.0 {
                return Err(Fatal("--scale applies to --format png only".to_string()));
            }
            let topology = load(&inputs)?;
            match format {
                RenderFormat::Svg => {
                    let svg = vpcmap::render_document(
                        &topology,
                        Some(theme_name(theme)),
                        !no_findings,
                        None,
                        false,
                    );
                    emit(output.as_deref(), &svg)?;
                }
                #[cfg(not(feature = "png"))]
                RenderFormat::Png => {
                    return Err(Fatal(
                        "--format png: this vpcmap was built without the `png` feature".to_string(),
                    ));
                }
                #[cfg(feature = "png")]
                RenderFormat::Png => {
                    let fonts = vpcmap::render::png::Fonts::system();
                    let png = vpcmap::render_png(
                        &topology,
                        Some(theme_name(theme)),
                        !no_findings,
                        scale,
                        &fonts,
                    )
                    .map_err(|e| Fatal(format!("--format png: {e}")))?;
                    for warning in &png.warnings {
                        eprintln!("vpcmap: warning: {warning}");
                    }
                    emit_bytes(output.as_deref(), &png.bytes)?;
                }
                RenderFormat::Drawio => {
                    let theme = match theme {
                        ThemeArg::Dark => vpcmap::render::Theme::Dark,
                        ThemeArg::Auto | ThemeArg::Light => vpcmap::render::Theme::Light,
                    };
                    let options = vpcmap::render::DrawioOptions { theme, title: None };
                    emit(
                        output.as_deref(),
                        &vpcmap::render_drawio(&topology, &options),
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Convert { inputs, output } => {
            let topology = load(&inputs)?;
            emit(output.as_deref(), &import::native::to_string(&topology))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Trace {
            inputs,
            from,
            to,
            protocol,
            port,
            format,
        } => {
            let topology = load(&inputs)?;
            let query = vpcmap::reach::Query {
                from,
                to,
                protocol,
                port,
            };
            let trace =
                vpcmap::reach::trace(&topology, &query).map_err(|e| Fatal(e.to_string()))?;
            let text = match format {
                TraceFormat::Text => vpcmap::reach::render_text(&trace),
                TraceFormat::Json => to_json(&trace)?,
            };
            emit(None, &text)?;
            Ok(if trace.reachable {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Matrix {
            inputs,
            protocol,
            port,
            format,
            output,
        } => {
            let topology = load(&inputs)?;
            let query = vpcmap::reach::MatrixQuery { protocol, port };
            let matrix =
                vpcmap::reach::matrix(&topology, &query).map_err(|e| Fatal(e.to_string()))?;
            let text = match format {
                MatrixFormat::Json => to_json(&matrix)?,
                MatrixFormat::Csv => vpcmap::reach::render_matrix_csv(&matrix),
            };
            emit(output.as_deref(), &text)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff {
            inputs,
            format,
            output,
            svg,
            theme,
        } => {
            let (before, after) = load_pair(&inputs)?;
            let diff = vpcmap::diff::run(&before, &after);
            if let Some(path) = svg {
                let picture =
                    vpcmap::render_diff(&before, &after, &diff, Some(theme_name(theme)), false);
                emit(Some(&path), &picture)?;
            }
            let text = match format {
                DiffFormat::Text => vpcmap::diff::render_text(&diff),
                DiffFormat::Json => to_json(&diff)?,
                DiffFormat::Markdown => vpcmap::diff::render_markdown(&diff),
            };
            emit(output.as_deref(), &text)?;
            Ok(if diff.summary.introduced_errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Schema => {
            emit(None, &vpcmap::model::schema::json_schema())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::LayoutCheck { layout, time, runs } => {
            let mut files = Vec::new();
            read_input(&layout, &mut files)?;
            let text = files.first().map(|f| f.text.as_str()).unwrap_or_default();
            let not_a_layout =
                |e: serde_json::Error| Fatal(format!("{}: not a layout: {e}", layout.display()));
            let mut value: serde_json::Value = serde_json::from_str(text).map_err(not_a_layout)?;
            // Other engines' output (elk-compare) carries geometry only: the checks read no
            // kind or label, so stand-ins let it parse.
            for (list, kind) in [("nodes", "vpc"), ("edges", "route")] {
                for item in value[list].as_array_mut().into_iter().flatten() {
                    if let Some(item) = item.as_object_mut() {
                        item.entry("kind").or_insert(kind.into());
                        item.entry("label").or_insert(String::new().into());
                    }
                }
            }
            let layout: vpcmap::layout::Layout =
                serde_json::from_value(value).map_err(not_a_layout)?;
            let violations: Vec<String> = vpcmap::layout::check::violations(&layout)
                .into_iter()
                .map(|v| v.0)
                .collect();
            let mut report = serde_json::json!({
                "metrics": vpcmap::layout::check::metrics(&layout),
                "violations": violations.len(),
                "firstViolations": violations.iter().take(10).collect::<Vec<_>>(),
            });
            if let Some(document) = time {
                let topology = load(&[document])?;
                let mut times: Vec<f64> = (0..runs.max(1))
                    .map(|_| {
                        let start = std::time::Instant::now();
                        std::hint::black_box(vpcmap::layout::run(&topology));
                        start.elapsed().as_secs_f64() * 1000.0
                    })
                    .collect();
                times.sort_by(f64::total_cmp);
                report["layoutMs"] = serde_json::json!(times[times.len() / 2]);
            }
            emit(None, &to_json(&report)?)?;
            Ok(if violations.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Sample { vpcs: None, .. } => {
            emit(None, vpcmap::sample::SAMPLE_JSON)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Sample {
            vpcs: Some(n),
            shape,
        } => {
            let shape = match shape {
                SampleShape::Chain => vpcmap::sample::Shape::Chain,
                SampleShape::HubMesh => vpcmap::sample::Shape::HubMesh,
            };
            let topology = vpcmap::sample::generated_shape(n, shape);
            emit(None, &import::native::to_string(&topology))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The two sides of a diff: two inputs, or the prior and planned states of one plan.
fn load_pair(inputs: &[PathBuf]) -> Result<(vpcmap::Topology, vpcmap::Topology), Fatal> {
    match inputs {
        [plan] => {
            let files = read_files(std::slice::from_ref(plan))?;
            let sides = import::import_plan(&files)?;
            for note in sides.before.notes.iter().chain(&sides.after.notes) {
                eprintln!("note: {note}");
            }
            Ok((sides.before.topology, sides.after.topology))
        }
        [before, after] => Ok((
            load(std::slice::from_ref(before))?,
            load(std::slice::from_ref(after))?,
        )),
        _ => Err(Fatal("give BEFORE and AFTER, or one Terraform plan".into())),
    }
}

fn read_files(inputs: &[PathBuf]) -> Result<Vec<InputFile>, Fatal> {
    let mut files = Vec::new();
    for input in inputs {
        read_input(input, &mut files)?;
    }
    if files.is_empty() {
        return Err(Fatal(format!(
            "no .json files found in {}",
            inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(files)
}

/// Read every input (files, and `*.json` below directories, in sorted order) and import them.
/// Import notes go to standard error, so standard output stays machine-readable.
fn load(inputs: &[PathBuf]) -> Result<vpcmap::Topology, Fatal> {
    let files = read_files(inputs)?;
    let imported = import::import(&files)?;
    for note in &imported.notes {
        eprintln!("note: {note}");
    }
    Ok(imported.topology)
}

fn read_input(path: &Path, files: &mut Vec<InputFile>) -> Result<(), Fatal> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Fatal(format!("{}: cannot read: {e}", path.display())))?;
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Fatal(format!("{}: cannot list: {e}", path.display())))?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .collect();
        entries.sort();
        for entry in entries {
            if entry.is_dir() || entry.extension().is_some_and(|ext| ext == "json") {
                read_input(&entry, files)?;
            }
        }
        return Ok(());
    }
    if meta.len() > import::MAX_FILE_BYTES as u64 {
        return Err(Fatal(format!(
            "{}: {} bytes is over the limit of {} bytes per file",
            path.display(),
            meta.len(),
            import::MAX_FILE_BYTES
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Fatal(format!("{}: cannot read: {e}", path.display())))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Fatal(format!(
            "{}: not UTF-8 text (byte {})",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    files.push(InputFile::new(path.display().to_string(), text));
    Ok(())
}

fn theme_name(theme: ThemeArg) -> &'static str {
    match theme {
        ThemeArg::Auto => "auto",
        ThemeArg::Light => "light",
        ThemeArg::Dark => "dark",
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Fatal> {
    serde_json::to_string_pretty(value).map_err(|e| Fatal(format!("cannot encode JSON: {e}")))
}

/// Write bytes as they are (a PNG): to the file, or to standard output.
#[cfg(feature = "png")]
fn emit_bytes(output: Option<&Path>, bytes: &[u8]) -> Result<(), Fatal> {
    match output {
        Some(path) => std::fs::write(path, bytes)
            .map_err(|e| Fatal(format!("{}: cannot write: {e}", path.display()))),
        None => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(bytes);
            Ok(())
        }
    }
}

fn emit(output: Option<&Path>, text: &str) -> Result<(), Fatal> {
    let mut text = text.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    match output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Fatal(format!("{}: cannot write: {e}", path.display()))),
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`vpcmap … | head`) is not an error worth a message.
            let _ = stdout.write_all(text.as_bytes());
            Ok(())
        }
    }
}
