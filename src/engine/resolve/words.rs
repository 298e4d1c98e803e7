//! The words of an [`Origin`](super::Origin): where a resolved value came from, kept as borrowed
//! pieces (of the compiled-in catalogs and of the code) and joined only when read. Resolving runs
//! on every edit of the page and records some ninety origins, of which the page shows a few and
//! only the methodology table, the results document and the statements read them all; joining
//! them eagerly was a third of an estimate's time (formatting and the allocator).

use crate::data::Source;
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
    Pieces([Piece; MAX_PIECES], u8),
    /// More pieces than the inline room, after an owned text if any (kept as pieces: joining
    /// now would read the sources now).
    Many(String, Vec<Piece>),
    Owned(String),
}

/// A piece of text, or a catalog source looked up only when the words are read (so resolving
/// never reads the table of sources: see `data::Source`).
#[derive(Clone, Copy)]
enum Piece {
    Str(&'static str),
    Source(&'static Source),
}

impl Piece {
    fn text(self) -> &'static str {
        match self {
            Piece::Str(s) => s,
            Piece::Source(s) => s.as_str(),
        }
    }

    fn is_empty(self) -> bool {
        match self {
            Piece::Str(s) => s.is_empty(),
            // Every catalog source has text (tests/data.rs); no need to look it up.
            Piece::Source(_) => false,
        }
    }
}

impl Words {
    /// The pieces, joined when read; more than the inline room are joined now.
    pub fn join(pieces: &[&'static str]) -> Words {
        Words::default().then(pieces)
    }

    /// These words followed by `more`.
    pub fn then(self, more: &[&'static str]) -> Words {
        more.iter().fold(self, |w, p| w.push(Piece::Str(p)))
    }

    /// These words followed by a catalog source, read when the words are.
    pub fn then_source(self, source: &'static Source) -> Words {
        self.push(Piece::Source(source))
    }

    fn push(self, piece: Piece) -> Words {
        match self.0 {
            Repr::Pieces(mut parts, n) if (n as usize) < MAX_PIECES => {
                parts[n as usize] = piece;
                Words(Repr::Pieces(parts, n + 1))
            }
            Repr::Pieces(parts, n) => {
                let mut many = parts[..n as usize].to_vec();
                many.push(piece);
                Words(Repr::Many(String::new(), many))
            }
            Repr::Many(head, mut many) => {
                many.push(piece);
                Words(Repr::Many(head, many))
            }
            Repr::Owned(head) => Words(Repr::Many(head, vec![piece])),
        }
    }

    fn pieces(&self) -> &[Piece] {
        match &self.0 {
            Repr::Pieces(parts, n) => &parts[..*n as usize],
            Repr::Many(_, many) => many,
            Repr::Owned(_) => &[],
        }
    }

    /// The joined text (borrowed when it is one piece).
    pub fn text(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Owned(s) => Cow::Borrowed(s),
            Repr::Pieces(_, 0) => Cow::Borrowed(""),
            Repr::Pieces(parts, 1) => Cow::Borrowed(parts[0].text()),
            Repr::Pieces(..) => Cow::Owned(self.pieces().iter().map(|p| p.text()).collect()),
            Repr::Many(head, many) => {
                Cow::Owned(many.iter().fold(head.clone(), |s, p| s + p.text()))
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        match &self.0 {
            Repr::Owned(s) => s.is_empty(),
            Repr::Pieces(..) => self.pieces().iter().all(|p| p.is_empty()),
            Repr::Many(head, many) => head.is_empty() && many.iter().all(|p| p.is_empty()),
        }
    }
}

impl Default for Words {
    fn default() -> Words {
        Words(Repr::Pieces([Piece::Str(""); MAX_PIECES], 0))
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
            Repr::Pieces(..) => self.pieces().iter().try_for_each(|p| f.write_str(p.text())),
            Repr::Many(head, many) => {
                f.write_str(head)?;
                many.iter().try_for_each(|p| f.write_str(p.text()))
            }
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
