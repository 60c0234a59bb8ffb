//! Who the client is behind a load balancer: the `TRUSTED_PROXIES` networks,
//! and the client address taken from `X-Forwarded-For` / `Forwarded` (RFC 7239)
//! only when the socket peer is one of them. Pure: no axum, no Redis.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// At most this many hops are read from the right of a forwarding header; a
/// longer chain of trusted proxies is not a deployment, it is someone padding.
const MAX_HOPS: usize = 16;

/// One network, `address/prefix`, with no host bits set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a single host). Host
    /// bits set (`10.0.0.1/8`) are refused: such an entry is usually a typo.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let (addr, prefix) = match raw.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (raw, None),
        };
        let network: IpAddr = addr.parse().map_err(|_| format!("`{raw}` is not an address/prefix"))?;
        let network = network.to_canonical();
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            // Digits only: `u8::from_str` would also take `+8`.
            Some(p) => Some(p)
                .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<u8>().ok())
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("`{raw}`: the prefix must be 0 to {max}"))?,
        };
        let cidr = Cidr { network, prefix };
        if cidr.mask(network) != network {
            return Err(format!("`{raw}` has host bits set (did you mean {}/{prefix}?)", cidr.mask(network)));
        }
        Ok(cidr)
    }

    fn mask(&self, ip: IpAddr) -> IpAddr {
        mask(ip, self.prefix)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        ip.is_ipv4() == self.network.is_ipv4() && self.mask(ip) == self.network
    }
}

fn mask(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let m = if prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(prefix)) };
            IpAddr::from((bits & m).to_be_bytes())
        }
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            let m = if prefix == 0 { 0 } else { u128::MAX << (128 - u32::from(prefix)) };
            IpAddr::V6(Ipv6Addr::from(bits & m))
        }
    }
}

/// The proxies whose forwarding headers are believed (`TRUSTED_PROXIES`).
/// Empty (the default): every header is ignored and the client is the peer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    /// A comma-separated list of networks; any entry that does not parse
    /// refuses the whole list (the message names the entry).
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for entry in spec.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            nets.push(Cidr::parse(entry)?);
        }
        if nets.is_empty() {
            return Err("names no network".into());
        }
        Ok(Self(nets))
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(ip))
    }

    /// The client of a request that came from `peer`: the peer itself unless it
    /// is a trusted proxy; then, reading the hops from the right, the first one
    /// that is not a trusted proxy (everything left of it is whatever the client
    /// sent). A hop that is not an address (`unknown`, an obfuscated name,
    /// garbage) ends the walk at the trusted proxy that reported it.
    ///
    /// `X-Forwarded-For` is read when the request has one, else `Forwarded`: the
    /// proxies must write the one read (README, "Configuration").
    pub fn client<'a>(
        &self,
        peer: IpAddr,
        x_forwarded_for: impl IntoIterator<Item = &'a str>,
        forwarded: impl IntoIterator<Item = &'a str>,
    ) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.contains(peer) {
            return peer;
        }
        // Split on every comma, quotes or not: what a client sends can never
        // swallow the hops a proxy appends after it.
        let xff: Vec<&str> = x_forwarded_for.into_iter().flat_map(|v| v.split(',')).collect();
        let hops: Vec<Option<IpAddr>> = if xff.is_empty() {
            forwarded.into_iter().flat_map(|v| v.split(',')).map(forwarded_for).collect()
        } else {
            xff.into_iter().map(parse_hop).collect()
        };
        let mut nearest = peer;
        for hop in hops.into_iter().rev().take(MAX_HOPS) {
            match hop {
                Some(ip) if self.contains(ip) => nearest = ip,
                Some(ip) => return ip,
                None => return nearest,
            }
        }
        nearest
    }
}

/// The `for=` of one `Forwarded` element (`for=192.0.2.1;proto=https`,
/// `for="[2001:db8::1]:4711"`), if it is an address.
fn forwarded_for(element: &str) -> Option<IpAddr> {
    element.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim().eq_ignore_ascii_case("for").then(|| parse_hop(value))?
    })
}

/// An address, with or without quotes, brackets and a port.
fn parse_hop(raw: &str) -> Option<IpAddr> {
    let raw = raw.trim().trim_matches('"');
    if let Some(rest) = raw.strip_prefix('[') {
        return rest.split(']').next()?.parse::<IpAddr>().ok().map(|ip| ip.to_canonical());
    }
    raw.parse::<IpAddr>().ok().or_else(|| raw.parse::<SocketAddr>().ok().map(|s| s.ip())).map(|ip| ip.to_canonical())
}

/// What rate limits key a client on: an IPv4 address, or an IPv6 address's /64
/// (one subscriber gets a whole /64, so single addresses would cost nothing to
/// rotate through).
pub fn client_key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        v4 @ IpAddr::V4(_) => v4.to_string(),
        v6 => format!("{}/64", mask(v6, 64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn cidrs_parse_strictly() {
        for good in ["10.0.0.0/8", "127.0.0.1", "127.0.0.1/32", "0.0.0.0/0", "2001:db8::/32", "::1", " 192.168.0.0/16 "]
        {
            assert!(Cidr::parse(good).is_ok(), "{good}");
        }
        for bad in ["10.0.0.1/8", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/+8", "10.0.0/8", "nope", "", "::1/129", "/8"] {
            assert!(Cidr::parse(bad).is_err(), "{bad}");
        }
        assert!(TrustedProxies::parse("10.0.0.0/8, ,").is_ok());
        assert!(TrustedProxies::parse(" , ").is_err());
        assert!(TrustedProxies::parse("10.0.0.0/8,garbage").is_err());
    }

    #[test]
    fn cidrs_contain_their_addresses_and_mapped_ones() {
        let net = Cidr::parse("10.1.0.0/16").unwrap();
        assert!(net.contains(ip("10.1.255.3")));
        assert!(net.contains(ip("::ffff:10.1.0.1")));
        assert!(!net.contains(ip("10.2.0.1")));
        assert!(Cidr::parse("2001:db8::/32").unwrap().contains(ip("2001:db8:ffff::1")));
        assert!(!Cidr::parse("::/0").unwrap().contains(ip("1.2.3.4")), "families do not mix");
    }

    #[test]
    fn the_client_is_the_right_most_untrusted_hop_from_trusted_peers_only() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let lb = ip("10.0.0.5");
        // The client wrote 1.1.1.1 itself; the balancer appended what it saw.
        assert_eq!(trusted.client(lb, ["1.1.1.1, 203.0.113.7"], []), ip("203.0.113.7"));
        assert_eq!(trusted.client(lb, ["1.1.1.1", "203.0.113.7, 10.0.0.9"], []), ip("203.0.113.7"));
        assert_eq!(trusted.client(ip("198.51.100.1"), ["1.1.1.1"], []), ip("198.51.100.1"), "untrusted peer");
        assert_eq!(trusted.client(lb, [], []), lb, "no header: the proxy itself");
        assert_eq!(trusted.client(lb, ["10.0.0.7"], []), ip("10.0.0.7"), "all trusted: the farthest");
        assert_eq!(trusted.client(lb, ["1.1.1.1, garbage"], []), lb, "garbage ends the walk");
        assert_eq!(trusted.client(lb, ["203.0.113.7:5555"], []), ip("203.0.113.7"));
        assert_eq!(trusted.client(lb, ["[2001:db8::1]:80"], []), ip("2001:db8::1"));
        assert_eq!(TrustedProxies::default().client(lb, ["1.1.1.1"], []), lb, "nothing trusted by default");
    }

    #[test]
    fn forwarded_is_read_when_there_is_no_x_forwarded_for() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let lb = ip("10.0.0.5");
        let fwd = [r#"for=1.1.1.1, for="[2001:db8:cafe::17]:4711";proto=https"#];
        assert_eq!(trusted.client(lb, [], fwd), ip("2001:db8:cafe::17"));
        assert_eq!(trusted.client(lb, [], ["For=192.0.2.60;proto=http;by=10.0.0.5"]), ip("192.0.2.60"));
        assert_eq!(trusted.client(lb, [], ["for=unknown"]), lb);
        assert_eq!(trusted.client(lb, ["203.0.113.7"], ["for=192.0.2.60"]), ip("203.0.113.7"), "XFF first");
        // An unterminated quote cannot take the proxy's own hop with it.
        assert_eq!(trusted.client(lb, [], [r#"for="1.1.1.1, for=203.0.113.9"#]), ip("203.0.113.9"));
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64() {
        assert_eq!(client_key(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(client_key(ip("2001:db8:1:2:bbbb::9")), client_key(ip("2001:db8:1:2::77")));
        assert_ne!(client_key(ip("2001:db8:1:3::1")), client_key(ip("2001:db8:1:2::1")));
        assert_eq!(client_key(ip("203.0.113.7")), "203.0.113.7");
        assert_eq!(client_key(ip("::ffff:203.0.113.7")), "203.0.113.7");
    }
}
