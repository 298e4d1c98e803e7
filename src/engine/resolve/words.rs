//! The words of an [`Origin`](super::Origin): where a resolved value came from, kept as borrowed
//! pieces (of the compiled-in catalogs and of the code) and joined only when read. Resolving runs
//! on every edit of the page and records some ninety origins, of which the page shows a few and
//! only the methodology table, the results document and the statements read them all; joining
//! them eagerly was a third of an estimate's time (formatting and the allocator).

use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Pieces an origin's words may be made of without an allocation: enough for the longest,
/// a device's embodied carbon with its derivation (9 pieces).
const MAX_PIECES: usize = 9;

/// Text joined from pieces when read. Equal when the joined texts are equal.
#[derive(Clone)]
pub struct Words(Repr);

#[derive(Clone)]
enum Repr {
    Pieces([&'static str; MAX_PIECES], u8),
    Owned(String),
}

impl Words {
    /// The pieces, joined when read; more than the inline room are joined now.
    pub fn join(pieces: &[&'static str]) -> Words {
        if pieces.len() > MAX_PIECES {
            return Words(Repr::Owned(pieces.concat()));
        }
        let mut parts = [""; MAX_PIECES];
        parts[..pieces.len()].copy_from_slice(pieces);
        Words(Repr::Pieces(parts, pieces.len() as u8))
    }

    /// These words followed by `more`.
    pub fn then(self, more: &[&'static str]) -> Words {
        match self.0 {
            Repr::Pieces(mut parts, n) if n as usize + more.len() <= MAX_PIECES => {
                let n = n as usize;
                parts[n..n + more.len()].copy_from_slice(more);
                Words(Repr::Pieces(parts, (n + more.len()) as u8))
            }
            _ => {
                let mut s = self.text().into_owned();
                more.iter().for_each(|p| s.push_str(p));
                Words(Repr::Owned(s))
            }
        }
    }

    fn pieces(&self) -> &[&'static str] {
        match &self.0 {
            Repr::Pieces(parts, n) => &parts[..*n as usize],
            Repr::Owned(_) => &[],
        }
    }

    /// The joined text (borrowed when it is one piece).
    pub fn text(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Owned(s) => Cow::Borrowed(s),
            Repr::Pieces(_, 0) => Cow::Borrowed(""),
            Repr::Pieces(parts, 1) => Cow::Borrowed(parts[0]),
            Repr::Pieces(..) => Cow::Owned(self.pieces().concat()),
        }
    }

    pub fn is_empty(&self) -> bool {
        match &self.0 {
            Repr::Owned(s) => s.is_empty(),
            Repr::Pieces(..) => self.pieces().iter().all(|p| p.is_empty()),
        }
    }
}

impl Default for Words {
    fn default() -> Words {
        Words::join(&[])
    }
}

impl From<&'static str> for Words {
    fn from(s: &'static str) -> Words {
        Words::join(&[s])
    }
}

impl From<String> for Words {
    fn from(s: String) -> Words {
        Words(Repr::Owned(s))
    }
}

impl From<&'static Cow<'static, str>> for Words {
    fn from(s: &'static Cow<'static, str>) -> Words {
        Words::join(&[s])
    }
}

impl fmt::Display for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Owned(s) => f.write_str(s),
            Repr::Pieces(..) => self.pieces().iter().try_for_each(|p| f.write_str(p)),
        }
    }
}

impl fmt::Debug for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text(), f)
    }
}

impl PartialEq for Words {
    fn eq(&self, other: &Words) -> bool {
        self.text() == other.text()
    }
}

impl PartialEq<str> for Words {
    fn eq(&self, other: &str) -> bool {
        self.text() == other
    }
}

impl PartialEq<&str> for Words {
    fn eq(&self, other: &&str) -> bool {
        self.text() == *other
    }
}

impl Serialize for Words {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

#[cfg(test)]
mod tests {
    use super::Words;

    #[test]
    fn pieces_read_as_their_joined_text() {
        let w = Words::join(&["H100", " average training draw"]).then(&[": ", "NVIDIA"]);
        assert_eq!(w.to_string(), "H100 average training draw: NVIDIA");
        assert_eq!(w.text(), "H100 average training draw: NVIDIA");
        assert_eq!(
            w,
            Words::from("H100 average training draw: NVIDIA".to_string())
        );
        assert_eq!(
            serde_json::to_string(&w).unwrap(),
            "\"H100 average training draw: NVIDIA\""
        );
        assert!(Words::default().is_empty() && Words::join(&["", ""]).is_empty());
    }

    #[test]
    fn more_pieces_than_the_inline_room_are_joined_at_once() {
        let many = ["a"; 11];
        assert_eq!(Words::join(&many).to_string(), "a".repeat(11));
        let w = Words::join(&["b"; 8]).then(&["c", "d"]);
        assert_eq!(w.to_string(), "bbbbbbbbcd");
    }
}
