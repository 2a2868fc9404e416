//! minwon's integration tests: one binary (candle makes each extra test binary
//! slow to link), one module per area. They run against the real model
//! fetched by `models/fetch.sh`.

mod bundle;
mod catalogue;
mod check;
mod cli;
mod common;
mod decision;
mod embed;
mod fuzz;
mod retrieve;
mod speech;
mod standalone;
