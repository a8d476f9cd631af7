//! The store's content hash: SHA-256 over the manifest and the collections, so a report can
//! say exactly which records it was made from.
//!
//! The digest comes from RustCrypto's `sha2`: a hash handed to funders as proof of what a report
//! counted should rest on a vetted, widely reviewed implementation, not one written here. This
//! module owns only the framing of the store's files into that one digest.

use std::fs::File;
use std::io::{self, Read};

use sha2::{Digest, Sha256};

use super::{COLLECTION_FILES, MANIFEST_FILE, OPTIONAL_COLLECTION_FILES, Reader, file_ops};
use crate::error::{Error, Result};

impl Reader<'_> {
    /// `sha256:` and the hex digest of every record file, each framed by its name and length so
    /// no two stores hash alike by moving bytes between files. A missing file hashes as empty.
    ///
    /// A collection that older stores lack (see [`OPTIONAL_COLLECTION_FILES`]) is framed only
    /// when it holds something: a store with no responses hashes as it did before responses
    /// existed, so the hashes in reports already handed out still verify.
    pub fn content_hash(&self) -> Result<String> {
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; HASHED_AT_A_TIME];
        for name in std::iter::once(MANIFEST_FILE)
            .chain(COLLECTION_FILES)
            .chain(OPTIONAL_COLLECTION_FILES)
        {
            let path = self.store.root.join(name);
            let file = file_ops::open_to_read_if_exists(&path)?;
            let read_error = |source| Error::io("read", &path, source);
            let length = match &file {
                Some(file) => file.metadata().map_err(read_error)?.len(),
                None => 0,
            };
            if length == 0 && OPTIONAL_COLLECTION_FILES.contains(&name) {
                continue;
            }
            hasher.update(name.as_bytes());
            hasher.update([0]);
            hasher.update(length.to_be_bytes());
            if let Some(file) = file {
                hash_contents(&mut hasher, &file, length, &mut buffer).map_err(read_error)?;
            }
        }
        Ok(format!("sha256:{}", hex(&hasher.finalize())))
    }
}

/// How much of a file is hashed at a time: the attendance collection is the largest file a
/// store has, and holding it whole only to hash it would double a report's memory.
const HASHED_AT_A_TIME: usize = 1 << 20;

/// Hashes the `length` bytes of `file`, which the shared lock keeps from changing meanwhile.
fn hash_contents(
    hasher: &mut Sha256,
    mut file: &File,
    length: u64,
    buffer: &mut [u8],
) -> io::Result<()> {
    let mut left = length;
    while left > 0 {
        let wanted = buffer
            .len()
            .min(usize::try_from(left).unwrap_or(usize::MAX));
        file.read_exact(&mut buffer[..wanted])?;
        hasher.update(&buffer[..wanted]);
        left -= wanted as u64;
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn digest(pieces: &[&[u8]]) -> String {
        let mut hasher = Sha256::new();
        for piece in pieces {
            hasher.update(piece);
        }
        hex(&hasher.finalize())
    }

    #[test]
    fn matches_the_fips_180_test_vectors() {
        assert_eq!(
            digest(&[b""]),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            digest(&[b"abc"]),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let two_blocks = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(
            digest(&[two_blocks]),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        // The same bytes fed in uneven pieces hash the same.
        assert_eq!(
            digest(&[&two_blocks[..5], &two_blocks[5..40], &two_blocks[40..]]),
            digest(&[two_blocks])
        );
        let million_a = vec![b'a'; 1_000_000];
        assert_eq!(
            digest(&[&million_a]),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    /// Hashes already handed out must still verify: the expected value was produced by the
    /// SHA-256 this module used to carry, before `sha2` replaced it (and agrees with Python's
    /// `hashlib` over the same framing).
    #[test]
    fn the_store_hash_is_the_one_earlier_versions_gave() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join(MANIFEST_FILE),
            b"{\"format\":\"gsef-records\",\"version\":1,\"sectors\":[]}\n",
        )
        .unwrap();
        std::fs::write(
            root.join("series.jsonl"),
            b"{\"id\":\"s1\",\"title\":\"Budgeting\"}\n",
        )
        .unwrap();
        // events.jsonl is left missing: it must hash as an empty file.
        std::fs::write(root.join("participants.jsonl"), b"").unwrap();
        std::fs::write(root.join("attendance.jsonl"), b"{\"event\":\"e1\"}\n").unwrap();
        let store = Store::open(root, std::time::Duration::from_secs(1)).unwrap();
        assert_eq!(
            store.reader().unwrap().content_hash().unwrap(),
            "sha256:fa98349d88f875ef4f2d2e335f86597706a821fe2cb794a7a997c88e9708d144"
        );
    }

    /// A store without an optional collection (responses, the certificates' register,
    /// indicators), or with an empty one, hashes as before the collection existed; one with
    /// records in it hashes otherwise.
    #[test]
    fn optional_collections_change_the_hash_only_when_they_hold_records() {
        let records: [(&str, &[u8]); 3] = [
            (
                "responses.jsonl",
                b"{\"event\":\"e\",\"instrument\":\"pre\",\"code\":\"A1\"}\n",
            ),
            (
                "certificates.jsonl",
                b"{\"code\":\"AAAA-AAAA-AAAA-AAAA\",\"event\":\"e\",\"participant\":\"p\",\"basis\":\"attended\",\"issued\":\"2026-12-01\"}\n",
            ),
            (
                "indicators.jsonl",
                b"{\"id\":\"i\",\"title\":\"T\",\"framework\":\"F\",\"unit\":\"person\",\"once_per\":\"period\",\"period\":\"year\"}\n",
            ),
        ];
        for (file, record) in records {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path();
            std::fs::write(
                root.join(MANIFEST_FILE),
                b"{\"format\":\"gsef-records\",\"version\":1,\"sectors\":[]}\n",
            )
            .unwrap();
            let store = Store::open(root, std::time::Duration::from_secs(1)).unwrap();
            let without = store.reader().unwrap().content_hash().unwrap();
            std::fs::write(root.join(file), b"").unwrap();
            assert_eq!(
                store.reader().unwrap().content_hash().unwrap(),
                without,
                "{file}"
            );
            std::fs::write(root.join(file), record).unwrap();
            assert_ne!(
                store.reader().unwrap().content_hash().unwrap(),
                without,
                "{file}"
            );
        }
    }

    /// Hashed a chunk at a time, a file larger than a chunk hashes as its bytes framed whole.
    #[test]
    fn a_file_larger_than_a_chunk_hashes_as_its_whole_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let manifest = b"{\"format\":\"gsef-records\",\"version\":1,\"sectors\":[]}\n";
        std::fs::write(root.join(MANIFEST_FILE), manifest).unwrap();
        let attendance = b"{\"event\":\"e1\"}\n".repeat(HASHED_AT_A_TIME / 7);
        std::fs::write(root.join("attendance.jsonl"), &attendance).unwrap();
        let store = Store::open(root, std::time::Duration::from_secs(1)).unwrap();
        let mut framed: Vec<&[u8]> = Vec::new();
        let lengths: Vec<[u8; 8]> = [manifest.len(), 0, 0, 0, attendance.len()]
            .iter()
            .map(|length| (*length as u64).to_be_bytes())
            .collect();
        let names = std::iter::once(MANIFEST_FILE).chain(COLLECTION_FILES);
        let contents: [&[u8]; 5] = [manifest, b"", b"", b"", &attendance];
        for ((name, length), content) in names.zip(&lengths).zip(contents) {
            framed.extend([name.as_bytes(), &[0], length, content]);
        }
        assert_eq!(
            store.reader().unwrap().content_hash().unwrap(),
            format!("sha256:{}", digest(&framed))
        );
    }
}
