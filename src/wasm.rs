//! The JavaScript edge. (Being built.)
