//! The words of an [`Origin`](super::Origin): where a resolved value came from, kept as borrowed
//! pieces (of the compiled-in catalogs and of the code) and joined only when read. Resolving runs
//! on every edit of the page and records some ninety origins, of which the page shows a few and
//! only the methodology table, the results document and the statements read them all; joining
//! them eagerly was a third of an estimate's time (formatting and the allocator).

use crate::data::Source;
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Text pieces an origin's words may hold without an allocation: enough for the longest, a
/// device's embodied carbon with its derivation (7 texts around its 2 sources).
const MAX_STRS: usize = 7;
/// Catalog sources likewise: a value's source and its derivation.
const MAX_SOURCES: usize = 2;

/// Text joined from pieces when read. Equal when the joined texts are equal.
#[derive(Clone)]
pub struct Words(Repr);

#[derive(Clone)]
enum Repr {
    Inline(Inline),
    /// More pieces than the inline room, after an owned text if any (kept as pieces: joining
    /// now would read the sources now).
    Many(String, Vec<Piece>),
    Owned(String),
}

/// The texts and the sources apart, so that a text piece takes 16 bytes and not the 24 of a
/// `Piece`: an origin is moved several times while resolving, and its size is what is copied.
#[derive(Clone, Copy)]
struct Inline {
    strs: [&'static str; MAX_STRS],
    sources: [Option<&'static Source>; MAX_SOURCES],
    /// Where each source goes: before `strs[at[i]]` (after the last text when `at[i] == n_strs`).
    at: [u8; MAX_SOURCES],
    n_strs: u8,
    n_sources: u8,
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
}

impl Inline {
    const EMPTY: Inline = Inline {
        strs: [""; MAX_STRS],
        sources: [None; MAX_SOURCES],
        at: [0; MAX_SOURCES],
        n_strs: 0,
        n_sources: 0,
    };

    /// Adds `piece` if there is room for it.
    #[inline]
    fn push(&mut self, piece: Piece) -> bool {
        match piece {
            Piece::Str(s) if usize::from(self.n_strs) < MAX_STRS => {
                self.strs[usize::from(self.n_strs)] = s;
                self.n_strs += 1;
            }
            Piece::Source(s) if usize::from(self.n_sources) < MAX_SOURCES => {
                let k = usize::from(self.n_sources);
                (self.sources[k], self.at[k]) = (Some(s), self.n_strs);
                self.n_sources += 1;
            }
            _ => return false,
        }
        true
    }

    /// The pieces in their order: each source before the text it was pushed ahead of.
    fn each<E>(&self, mut f: impl FnMut(Piece) -> Result<(), E>) -> Result<(), E> {
        let (n, m) = (usize::from(self.n_strs), usize::from(self.n_sources));
        let mut k = 0;
        for i in 0..=n {
            while k < m && usize::from(self.at[k]) == i {
                if let Some(s) = self.sources[k] {
                    f(Piece::Source(s))?;
                }
                k += 1;
            }
            if i < n {
                f(Piece::Str(self.strs[i]))?;
            }
        }
        Ok(())
    }

    fn for_each(&self, mut f: impl FnMut(Piece)) {
        let _ = self.each(|p| {
            f(p);
            Ok::<(), fmt::Error>(())
        });
    }

    fn pieces(&self) -> Vec<Piece> {
        let mut out = Vec::with_capacity(usize::from(self.n_strs + self.n_sources) + 1);
        self.for_each(|p| out.push(p));
        out
    }
}

impl Words {
    /// The pieces, joined when read; more than the inline room are joined now.
    #[inline]
    pub fn join(pieces: &[&'static str]) -> Words {
        Words::default().then(pieces)
    }

    /// These words followed by `more`.
    #[inline]
    pub fn then(mut self, more: &[&'static str]) -> Words {
        for p in more {
            self.push(Piece::Str(p));
        }
        self
    }

    /// These words followed by a catalog source, read when the words are.
    #[inline]
    pub fn then_source(mut self, source: &'static Source) -> Words {
        self.push(Piece::Source(source));
        self
    }

    /// In place: moving the words for each piece was most of their cost.
    #[inline]
    fn push(&mut self, piece: Piece) {
        if matches!(piece, Piece::Str("")) {
            return; // no text, no room taken
        }
        if let Repr::Inline(w) = &mut self.0 {
            if w.push(piece) {
                return;
            }
        }
        self.push_beyond(piece);
    }

    /// The pieces beyond the inline room, or after an owned text: on the heap.
    #[cold]
    fn push_beyond(&mut self, piece: Piece) {
        match &mut self.0 {
            Repr::Inline(w) => {
                let mut many = w.pieces();
                many.push(piece);
                self.0 = Repr::Many(String::new(), many);
            }
            Repr::Many(_, many) => many.push(piece),
            Repr::Owned(head) => self.0 = Repr::Many(std::mem::take(head), vec![piece]),
        }
    }

    /// Every piece's text in order, the owned head first.
    fn each_text<E>(&self, mut f: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        match &self.0 {
            Repr::Owned(s) => f(s),
            Repr::Inline(w) => w.each(|p| f(p.text())),
            Repr::Many(head, many) => {
                f(head)?;
                many.iter().try_for_each(|p| f(p.text()))
            }
        }
    }

    /// The joined text (borrowed when it is one piece).
    pub fn text(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Owned(s) => Cow::Borrowed(s),
            Repr::Inline(w) if w.n_strs + w.n_sources == 0 => Cow::Borrowed(""),
            Repr::Inline(w) if w.n_strs + w.n_sources == 1 => {
                let mut one = "";
                w.for_each(|p| one = p.text());
                Cow::Borrowed(one)
            }
            _ => {
                let mut s = String::new();
                let _ = self.each_text(|t| {
                    s.push_str(t);
                    Ok::<(), fmt::Error>(())
                });
                Cow::Owned(s)
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        // Empty texts are never pushed, and every catalog source has text (tests/data.rs).
        match &self.0 {
            Repr::Owned(s) => s.is_empty(),
            Repr::Inline(w) => w.n_strs + w.n_sources == 0,
            Repr::Many(head, many) => head.is_empty() && many.is_empty(),
        }
    }
}

impl Default for Words {
    #[inline]
    fn default() -> Words {
        Words(Repr::Inline(Inline::EMPTY))
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
        self.each_text(|t| f.write_str(t))
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
    use crate::data::Source;
    use std::borrow::Cow;

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

    static SRC: Source = Source::Text(Cow::Borrowed("NVIDIA"));
    static DER: Source = Source::Text(Cow::Borrowed("TDP x 0.8"));

    #[test]
    fn sources_read_where_they_were_pushed() {
        let w = Words::default().then_source(&SRC);
        assert_eq!(w.text(), "NVIDIA");
        assert!(matches!(w.text(), Cow::Borrowed(_)));
        let w = Words::join(&["H100", ": "])
            .then_source(&SRC)
            .then(&[" (derived: "])
            .then_source(&DER)
            .then(&[")"]);
        assert_eq!(w.to_string(), "H100: NVIDIA (derived: TDP x 0.8)");
        let w = Words::join(&["a"]).then_source(&SRC).then_source(&DER);
        assert_eq!(w.to_string(), "aNVIDIATDP x 0.8");
    }

    #[test]
    fn more_pieces_than_the_inline_room_keep_their_order() {
        let many = ["a"; 11];
        assert_eq!(Words::join(&many).to_string(), "a".repeat(11));
        let w = Words::join(&["b"; 7]).then_source(&SRC).then(&["c", "d"]);
        assert_eq!(w.to_string(), "bbbbbbbNVIDIAcd");
        let w = Words::join(&["e"])
            .then_source(&SRC)
            .then_source(&DER)
            .then_source(&SRC)
            .then(&["f"]);
        assert_eq!(w.to_string(), "eNVIDIATDP x 0.8NVIDIAf");
        let w = Words::from("owned ".to_string())
            .then_source(&SRC)
            .then(&["!"]);
        assert_eq!(w.to_string(), "owned NVIDIA!");
        assert_eq!(w.text(), "owned NVIDIA!");
    }

    #[test]
    fn empty_texts_take_no_room() {
        let w = Words::join(&[""; 20]).then(&["x", ""]);
        assert!(matches!(w.0, super::Repr::Inline(_)));
        assert!(matches!(w.text(), Cow::Borrowed("x")));
    }

    #[test]
    fn words_stay_small_enough_to_move() {
        // 224 bytes with 24-byte pieces; an origin is moved several times while resolving.
        assert!(
            std::mem::size_of::<Words>() <= 144,
            "{}",
            std::mem::size_of::<Words>()
        );
    }
}
