//! `minwon regions`: the region names a kiosk can be configured for, with
//! their services; or every agency of the catalogue with its region.

use super::Outcome;
use crate::config::Settings;
use crate::corpus::catalogue::agency::{agencies, RegionCounts};
use crate::corpus::catalogue::{Catalogue, Region};
use crate::sanitize::for_display;

/// List the region names a kiosk can be configured for (a province such as
/// 서울특별시 or a district such as 서울특별시 종로구), each with the services
/// that are its own and the services a kiosk there shows: national ones,
/// its province's and its own district's. Agencies whose region cannot be
/// told are printed as findings (exit 1).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Instead list every agency of the catalogue, tab-separated: agency,
    /// agency type, services, region, evidence.
    #[arg(long)]
    agencies: bool,
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<Outcome> {
    let catalogue = Catalogue::load(&settings.paths.corpus)?;
    let agencies = agencies(&catalogue);
    if args.agencies {
        println!("agency\ttype\tservices\tregion\tevidence");
        for agency in &agencies {
            let (region, evidence) = match &agency.region {
                Ok(found) => (found.region.name(), found.evidence.to_string()),
                Err(err) => ("?".to_string(), err.to_string()),
            };
            println!(
                "{}\t{}\t{}\t{region}\t{evidence}",
                for_display(&agency.name),
                for_display(agency.agency_type.as_deref().unwrap_or_default()),
                agency.services,
            );
        }
    } else {
        let counts = RegionCounts::of(&catalogue);
        println!("services   kiosk  region");
        let national = Region::National;
        println!(
            "{:>8} {:>7}  (no region configured: national services only)",
            counts.own(&national),
            counts.covered(None)
        );
        for region in Region::all() {
            println!(
                "{:>8} {:>7}  {region}",
                counts.own(&region),
                counts.covered(Some(&region))
            );
        }
    }
    let unclassified: Vec<_> = agencies
        .iter()
        .filter_map(|a| a.region.as_ref().err().map(|e| (a, e)))
        .collect();
    for (agency, err) in &unclassified {
        eprintln!("{} services: {err}", agency.services);
    }
    Ok(if unclassified.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Findings
    })
}
