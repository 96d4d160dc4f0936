//! vpcmap reads AWS network documents and returns findings and diagrams.
//!
//! ```text
//!   import ──► model::Topology ─┬─► validate ──► validate::Report (findings)
//!                               └─► layout   ──► layout::Layout ──► render ──► SVG text
//! ```
//!
//! Every stage is a pure function of its input; `wasm.rs` and `bin/` are the only edges that
//! know about JavaScript, files, standard output or exit codes. See ARCHITECTURE.md.

pub mod import;
pub mod layout;
pub mod model;
pub mod render;
pub mod sample;
pub mod validate;
mod wasm;

pub use import::{import, ImportError, InputFile};
pub use model::Topology;
