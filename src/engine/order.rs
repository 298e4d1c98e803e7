//! Sorting with few copies of the sort routine. Every `sort_by` with its own closure is a separate
//! copy of the standard library's sort in the page (about 4 KB of wasm each; there were six), so
//! the crate sorts through these instead: numbers by one comparator, anything else by sorting
//! positions through one `dyn` comparator.

use std::cmp::Ordering;

/// The positions `0..len` in the order `cmp` puts them, ties in position order (a stable sort).
pub fn sorted_positions(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
    order
}

/// Sorts `v` stably by `key`, ascending in [`f64::total_cmp`] order (negate the key for descending).
pub fn sort_by_f64_key<T>(v: &mut Vec<T>, key: impl Fn(&T) -> f64) {
    let keys: Vec<f64> = v.iter().map(key).collect();
    let order = sorted_positions(v.len(), &|a, b| keys[a].total_cmp(&keys[b]));
    let mut items: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| items[i].take()));
}

/// Sorts numbers in [`f64::total_cmp`] order. (Equal numbers are the same bits, so an unstable
/// sort gives the one possible result.)
pub fn sort_f64(v: &mut [f64]) {
    v.sort_unstable_by(f64::total_cmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_sorting_is_stable_and_total() {
        let mut v = vec![
            (3.0, 'a'),
            (1.0, 'b'),
            (3.0, 'c'),
            (f64::NAN, 'd'),
            (-0.0, 'e'),
            (0.0, 'f'),
        ];
        sort_by_f64_key(&mut v, |x| x.0);
        let letters: String = v.iter().map(|x| x.1).collect();
        assert_eq!(letters, "efbacd");
        sort_by_f64_key(&mut v, |x| -x.0);
        let letters: String = v.iter().map(|x| x.1).collect();
        assert_eq!(letters, "dacbfe");
    }

    #[test]
    fn positions_follow_the_comparator_then_position() {
        let words = ["pear", "fig", "apple", "fig"];
        let order = sorted_positions(words.len(), &|a, b| words[a].cmp(words[b]));
        assert_eq!(order, vec![2, 1, 3, 0]);
        let mut v = [2.0, -1.0, 0.5];
        sort_f64(&mut v);
        assert_eq!(v, [-1.0, 0.5, 2.0]);
    }
}
