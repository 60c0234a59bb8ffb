//! The `mint-handoff` command: prints a signed handoff link (DESIGN §5), so the
//! consumer team can check their signer against ours and a demo can be driven
//! from a terminal. Arguments are parsed by hand; the keys come from
//! `HANDOFF_KEYS` / `HANDOFF_KEYS_FILE`, or the published demo key in demo mode.

use std::collections::BTreeMap;

use crate::domain::handoff::{self, HandoffClaims, HandoffKeys, HandoffRoom, HandoffSelection, MAX_LIFETIME_SECS};

pub const MINT_USAGE: &str = "\
usage: bff-tenant-booking mint-handoff --tenant ID --property ID --checkin YYYY-MM-DD --checkout YYYY-MM-DD --adults N [options]

Prints a signed, single-use handoff link: {base-url}/handoff?t=v1.{kid}.{payload}.{sig}

required:
  --tenant ID            the tenant the link is for (e.g. aurora)
  --property ID          a property of that tenant (e.g. aurora-lisbon)
  --checkin YYYY-MM-DD   arrival date
  --checkout YYYY-MM-DD  departure date
  --adults N             adults across all rooms (or --parties)

options:
  --children AGES        children's ages, comma-separated (e.g. 7,9)
  --rooms N              rooms (default 1)
  --parties ROOMS        each room's adults then children's ages, rooms split by |
                         (e.g. '2,7|1'); sets --adults, --children and --rooms
  --room-type ID         room type; with --rate-plan the guest lands on a quoted draft,
  --rate-plan ID         without them on the property page with the stay filled in
  --promo CODE           promotional code
  --currency CODE        ISO 4217 currency (e.g. EUR)
  --locale TAG           BCP 47 locale (e.g. en-GB)
  --attr KEY=VALUE       attribution entry, repeatable (e.g. --attr utm_campaign=summer)
  --ttl-secs N           lifetime in seconds, 1 to 900 (default 600)
  --kid KID              sign with this key (default: the first configured)
  --base-url URL         the tenant site (default http://{tenant}.localhost:8080)
  -h, --help             this help

keys: HANDOFF_KEYS=kid=base64key,... or HANDOFF_KEYS_FILE=path; with neither, the
published demo key (kid `demo`) in demo mode (no UPSTREAM_*_URL set).";

const DEFAULT_TTL_SECS: i64 = 600;

/// Everything `mint-handoff` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MintArgs {
    pub tenant: String,
    pub selection: HandoffSelection,
    pub attribution: BTreeMap<String, String>,
    pub ttl_secs: i64,
    pub kid: Option<String>,
    pub base_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MintCommand {
    Help,
    Mint(Box<MintArgs>),
}

/// A usage error, said plainly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CliError(pub String);

fn error(message: impl Into<String>) -> CliError {
    CliError(message.into())
}

/// Parses the arguments after `mint-handoff`. Options take their value as the next
/// argument or after `=` (`--adults 2`, `--adults=2`).
pub fn parse_mint_args(args: &[String]) -> Result<MintCommand, CliError> {
    let mut values: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut attribution = BTreeMap::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(MintCommand::Help);
        }
        let Some(option) = arg.strip_prefix("--") else {
            return Err(error(format!("unexpected argument `{arg}`; options start with --")));
        };
        let (name, inline) = match option.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (option, None),
        };
        let Some(name) = OPTIONS.iter().copied().find(|o| *o == name) else {
            return Err(error(format!("unknown option `--{name}`; see --help")));
        };
        let value = match inline.or_else(|| rest.next().cloned()) {
            Some(value) => value,
            None => return Err(error(format!("--{name} needs a value"))),
        };
        if name == "attr" {
            let Some((key, v)) = value.split_once('=') else {
                return Err(error(format!("--attr takes KEY=VALUE, not `{value}`")));
            };
            attribution.insert(key.to_owned(), v.to_owned());
        } else if values.insert(name, value).is_some() {
            return Err(error(format!("--{name} is given more than once")));
        }
    }

    let has_parties = values.contains_key("parties");
    let missing: Vec<String> = ["tenant", "property", "checkin", "checkout", "adults"]
        .iter()
        .filter(|name| !(values.contains_key(*name) || has_parties && **name == "adults"))
        .map(|name| format!("--{name}"))
        .collect();
    if !missing.is_empty() {
        return Err(error(format!("missing {}; see --help", missing.join(", "))));
    }
    let mut take = |name: &str| values.remove(name);
    let number = |name: &str, raw: String| -> Result<u8, CliError> {
        raw.trim().parse().map_err(|_| error(format!("--{name}: `{raw}` is not a whole number")))
    };

    let tenant = take("tenant").unwrap_or_default();
    let property = take("property").unwrap_or_default();
    let checkin = take("checkin").unwrap_or_default();
    let checkout = take("checkout").unwrap_or_default();
    // `--parties 2,7|1`: each room's adults, then its children's ages; the
    // aggregates follow from it unless given too.
    let parties = match take("parties") {
        None => None,
        Some(raw) => Some(
            raw.split('|')
                .map(|room| {
                    let numbers = room.split(',').map(|n| n.trim().parse::<u8>()).collect::<Result<Vec<_>, _>>();
                    match numbers.as_deref() {
                        Ok([adults, ages @ ..]) => Ok(HandoffRoom { adults: *adults, children: ages.to_vec() }),
                        _ => Err(error(format!("--parties: `{raw}` is not rooms like 2,7|1"))),
                    }
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let adults = match (take("adults"), &parties) {
        (Some(raw), _) => number("adults", raw)?,
        (None, Some(p)) => p.iter().map(|r| r.adults).fold(0u8, u8::saturating_add),
        (None, None) => 0,
    };
    let rooms = match (take("rooms"), &parties) {
        (Some(raw), _) => number("rooms", raw)?,
        (None, Some(p)) => u8::try_from(p.len()).unwrap_or(u8::MAX),
        (None, None) => 1,
    };
    let children = match take("children") {
        None if parties.is_some() => parties.iter().flatten().flat_map(|r| r.children.iter().copied()).collect(),
        None => Vec::new(),
        Some(raw) if raw.trim().is_empty() => Vec::new(),
        Some(raw) => raw
            .split(',')
            .map(|age| age.trim().parse::<u8>())
            .collect::<Result<_, _>>()
            .map_err(|_| error(format!("--children: `{raw}` is not a list of ages like 7,9")))?,
    };
    let ttl_secs = match take("ttl-secs") {
        None => DEFAULT_TTL_SECS,
        Some(raw) => raw
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|t| (1..=MAX_LIFETIME_SECS).contains(t))
            .ok_or_else(|| error(format!("--ttl-secs: `{raw}` must be 1 to {MAX_LIFETIME_SECS} seconds")))?,
    };
    let base_url = take("base-url");
    if let Some(url) = &base_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(error(format!("--base-url: `{url}` must be an http:// or https:// URL")));
        }
    }
    let selection = HandoffSelection {
        property,
        checkin,
        checkout,
        adults,
        children,
        rooms,
        parties,
        room_type: take("room-type"),
        rate_plan: take("rate-plan"),
        promo: take("promo"),
        currency: take("currency"),
        locale: take("locale"),
    };
    let kid = take("kid");
    Ok(MintCommand::Mint(Box::new(MintArgs { tenant, selection, attribution, ttl_secs, kid, base_url })))
}

const OPTIONS: &[&str] = &[
    "tenant",
    "property",
    "checkin",
    "checkout",
    "adults",
    "children",
    "rooms",
    "parties",
    "room-type",
    "rate-plan",
    "promo",
    "currency",
    "locale",
    "attr",
    "ttl-secs",
    "kid",
    "base-url",
];

/// Signs a link issued at `now_unix` with a fresh jti.
pub fn mint_url(args: &MintArgs, keys: &HandoffKeys, now_unix: i64) -> Result<String, CliError> {
    let claims = HandoffClaims {
        jti: handoff::new_jti(),
        tenant: args.tenant.clone(),
        iat: now_unix,
        exp: now_unix + args.ttl_secs,
        selection: args.selection.clone(),
        attribution: args.attribution.clone(),
    };
    let kid = args.kid.as_deref().unwrap_or_else(|| keys.first_kid());
    if !keys.contains(kid) {
        let kids: Vec<&str> = keys.kids().collect();
        return Err(error(format!("--kid: no key `{kid}` is configured (configured: {})", kids.join(", "))));
    }
    let token = handoff::mint(&claims, kid, keys).map_err(|e| error(format!("cannot sign: {e} ({})", e.code())))?;
    let base = args.base_url.clone().unwrap_or_else(|| format!("http://{}.localhost:8080", args.tenant));
    Ok(format!("{}/handoff?t={token}", base.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    fn parse(line: &str) -> Result<MintArgs, CliError> {
        match parse_mint_args(&args(line))? {
            MintCommand::Mint(m) => Ok(*m),
            MintCommand::Help => Err(error("help")),
        }
    }

    const BASE: &str = "--tenant aurora --property aurora-lisbon --checkin 2030-05-01 --checkout 2030-05-03 --adults 2";

    #[test]
    fn parses_the_required_options_with_defaults() {
        let m = parse(BASE).unwrap();
        assert_eq!(m.tenant, "aurora");
        assert_eq!(m.selection.property, "aurora-lisbon");
        assert_eq!((m.selection.adults, m.selection.rooms), (2, 1));
        assert!(m.selection.children.is_empty());
        assert_eq!(m.ttl_secs, 600);
        assert_eq!(m.base_url, None);
    }

    #[test]
    fn parses_every_option_in_both_spellings() {
        let m = parse(&format!(
            "{BASE} --children 7,9 --rooms=2 --room-type classic-double --rate-plan=flex --promo SUMMER \
             --currency EUR --locale en-GB --attr utm_campaign=summer --attr gclid=x --ttl-secs 300 --kid demo \
             --base-url http://aurora.localhost:9999/"
        ))
        .unwrap();
        assert_eq!(m.selection.children, [7, 9]);
        assert_eq!(m.selection.rooms, 2);
        assert_eq!(m.selection.room_type.as_deref(), Some("classic-double"));
        assert_eq!(m.selection.rate_plan.as_deref(), Some("flex"));
        assert_eq!(m.attribution.len(), 2);
        assert_eq!(m.ttl_secs, 300);
        assert_eq!(m.kid.as_deref(), Some("demo"));
    }

    #[test]
    fn help_wins() {
        assert_eq!(parse_mint_args(&args("--tenant aurora --help")), Ok(MintCommand::Help));
        assert_eq!(parse_mint_args(&args("-h")), Ok(MintCommand::Help));
    }

    #[test]
    fn errors_name_the_option() {
        let cases = [
            ("--tenant aurora".to_owned(), "--property"),
            (format!("{BASE} --adults 3"), "more than once"),
            (format!("{BASE} --nights 2"), "--nights"),
            (format!("{BASE} --rooms two"), "--rooms"),
            (format!("{BASE} --children 7;9"), "--children"),
            (format!("{BASE} --ttl-secs 901"), "--ttl-secs"),
            (format!("{BASE} --base-url ftp://x"), "--base-url"),
            (format!("{BASE} --attr nope"), "--attr"),
            (format!("{BASE} --kid"), "--kid needs a value"),
            (format!("{BASE} stray"), "stray"),
        ];
        for (line, needle) in &cases {
            let err = parse(line).unwrap_err();
            assert!(err.0.contains(needle), "{line}: {err}");
        }
    }

    #[test]
    fn minted_link_verifies() {
        let keys = HandoffKeys::demo();
        let m = parse(&format!("{BASE} --base-url http://aurora.localhost:9999/")).unwrap();
        let url = mint_url(&m, &keys, 1_900_000_000).unwrap();
        let token = url.strip_prefix("http://aurora.localhost:9999/handoff?t=").unwrap();
        let verified = handoff::verify(token, &keys, "aurora", 1_900_000_000).unwrap();
        assert_eq!(verified.kid, "demo");
        assert_eq!(verified.claims.exp - verified.claims.iat, 600);
        assert_eq!(verified.claims.selection, m.selection);
    }

    #[test]
    fn minting_refuses_what_would_not_verify() {
        let keys = HandoffKeys::demo();
        let err = mint_url(&parse(&format!("{BASE} --rooms 9")).unwrap(), &keys, 1_900_000_000).unwrap_err();
        assert!(err.0.contains("bad-payload"), "{err}");
        let err = mint_url(&parse(&format!("{BASE} --kid k9")).unwrap(), &keys, 1_900_000_000).unwrap_err();
        assert!(err.0.contains("k9"), "{err}");
    }
}
