//! The `vpcmap` command line. (Being built.)

fn main() {}
