//! Who made a bundle: a maintainer signs it with an ed25519 key, and a kiosk
//! installs only bundles signed by a key pinned in its config. A checksum
//! proves a bundle whole; only a signature proves where it came from.
//!
//! Keys are written as base64: a secret key file holds the 32-byte seed
//! (`ed25519-secret <base64>`), a public key is `ed25519:<base64>`.

use std::path::Path;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

const SECRET_PREFIX: &str = "ed25519-secret ";
const PUBLIC_PREFIX: &str = "ed25519:";

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{}: {problem}", path.display())]
    SecretFile {
        path: std::path::PathBuf,
        problem: String,
    },
    #[error("`{key}` is not a public key (expected ed25519:<base64 of 32 bytes>)")]
    Public { key: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A maintainer's signing key.
pub struct SecretKey(SigningKey);

impl SecretKey {
    /// A new key from the operating system's randomness.
    pub fn generate() -> Result<Self, KeyError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|err| KeyError::Io {
            path: "/dev/urandom".into(),
            source: std::io::Error::other(err.to_string()),
        })?;
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// Writes the key to a new file readable by its owner only; an existing
    /// file is never overwritten.
    pub fn write_new(&self, path: &Path) -> Result<(), KeyError> {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let io = |source| KeyError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut file = options.open(path).map_err(io)?;
        let line = format!("{SECRET_PREFIX}{}\n", BASE64.encode(self.0.to_bytes()));
        file.write_all(line.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)
    }

    pub fn read(path: &Path) -> Result<Self, KeyError> {
        let bad = |problem: &str| KeyError::SecretFile {
            path: path.to_path_buf(),
            problem: problem.to_string(),
        };
        let text = std::fs::read_to_string(path).map_err(|source| KeyError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let encoded = text
            .trim()
            .strip_prefix(SECRET_PREFIX)
            .ok_or_else(|| bad("not a minwon signing key (made by `minwon bundle keygen`)"))?;
        let seed: [u8; 32] = BASE64
            .decode(encoded)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(|| bad("damaged signing key"))?;
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    pub fn sign(&self, message: &[u8]) -> String {
        BASE64.encode(self.0.sign(message).to_bytes())
    }
}

/// A key a kiosk trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let bad = || KeyError::Public {
            key: text.chars().take(80).collect(),
        };
        let bytes: [u8; 32] = text
            .trim()
            .strip_prefix(PUBLIC_PREFIX)
            .and_then(|b64| BASE64.decode(b64).ok())
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(bad)?;
        VerifyingKey::from_bytes(&bytes)
            .map(Self)
            .map_err(|_| bad())
    }

    /// Whether `signature` (base64) is this key's signature of `message`.
    pub fn verifies(&self, message: &[u8], signature: &str) -> bool {
        let Some(bytes) = BASE64
            .decode(signature)
            .ok()
            .and_then(|b| <[u8; 64]>::try_from(b).ok())
        else {
            return false;
        };
        self.0
            .verify(message, &Signature::from_bytes(&bytes))
            .is_ok()
    }
}

impl std::fmt::Display for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{PUBLIC_PREFIX}{}", BASE64.encode(self.0.to_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_with_its_key_and_its_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("maintainer.key");
        let key = SecretKey::generate().unwrap();
        key.write_new(&path).unwrap();
        assert!(key.write_new(&path).is_err(), "never overwrites a key");
        let again = SecretKey::read(&path).unwrap();
        assert_eq!(again.public(), key.public());
        let public = PublicKey::parse(&key.public().to_string()).unwrap();

        let signature = again.sign(b"bundle body");
        assert!(public.verifies(b"bundle body", &signature));
        assert!(!public.verifies(b"bundle body!", &signature));
        let other = SecretKey::generate().unwrap().public();
        assert!(!other.verifies(b"bundle body", &signature));
        assert!(!public.verifies(b"bundle body", "not base64"));

        assert!(PublicKey::parse("ed25519:AAAA").is_err());
        assert!(PublicKey::parse(&format!("rsa:{}", &public.to_string()[8..])).is_err());
        std::fs::write(&path, "garbage").unwrap();
        assert!(SecretKey::read(&path).is_err());
    }
}
