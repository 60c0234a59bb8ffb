//! A throwaway certificate authority and a certificate it signed, made with
//! `openssl` in a temporary directory: the one copy the TLS tests share (the
//! TLS Redis server and cluster, the SMTP sinks).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::free_port;

/// A CA (`ca.pem`) and a certificate it signed (`server.pem`, key
/// `server.key`) for `localhost` and `127.0.0.1`, in a temporary directory
/// removed on drop. The certificate is good for a server and for a client: a
/// Redis Cluster node presents it on both ends of the cluster bus, which is
/// always mutual TLS.
pub struct Pki {
    pub dir: PathBuf,
}

impl Pki {
    /// `name` goes in the directory's name, for a reader of `/tmp`, and in the
    /// CA's name.
    pub fn new(name: &str) -> Self {
        Self::for_host(name, "subjectAltName=DNS:localhost,IP:127.0.0.1")
    }

    /// A CA and a certificate with this `subjectAltName` line.
    pub fn for_host(name: &str, san: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("bfftb-pki-{name}-{}-{}", std::process::id(), free_port()));
        std::fs::create_dir_all(&dir).unwrap();
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
        openssl(
            &dir,
            &["req", "-x509"],
            &ec,
            &[
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                // A common name is at most 64 characters (X.520); test names run longer.
                &format!("/CN=bfftb test CA {}", name.chars().take(40).collect::<String>()),
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        openssl(&dir, &["req"], &ec, &["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]);
        std::fs::write(
            dir.join("server.ext"),
            format!(
                "{san}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n\
                 extendedKeyUsage=serverAuth,clientAuth\n"
            ),
        )
        .unwrap();
        openssl(
            &dir,
            &["x509", "-req"],
            &[],
            &[
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
                "-days",
                "2",
                "-extfile",
                "server.ext",
            ],
        );
        Self { dir }
    }

    /// The CA's certificate (PEM): what `REDIS_CA_FILE` names to trust it.
    pub fn ca(&self) -> PathBuf {
        self.dir.join("ca.pem")
    }

    /// The certificate the CA signed (PEM).
    pub fn cert(&self) -> PathBuf {
        self.dir.join("server.pem")
    }

    /// The certificate's private key (PEM).
    pub fn key(&self) -> PathBuf {
        self.dir.join("server.key")
    }
}

impl Drop for Pki {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn openssl(dir: &Path, command: &[&str], key: &[&str], args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(command)
        .args(key)
        .args(args)
        .output()
        .expect("openssl is required for this test: apt-get install openssl (scripts/test does it)");
    assert!(out.status.success(), "openssl {command:?}: {}", String::from_utf8_lossy(&out.stderr));
}
