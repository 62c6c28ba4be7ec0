//! Small in-place sorts without a panic path (the scorers' reports are proven panic-free at
//! link time, see `tests/no_panic`; the standard library's sorts keep a panic for comparators
//! that are not total orders).

/// Sorts `v` by insertion, stably: each element moves left, by swaps of disjoint neighbours,
/// past the elements it is `out_of_order(earlier, later)` with. `O(n²)`: for the few dozen
/// defects of a report or a series' worth of values once per clip, where it is also the
/// smallest code on devices.
pub(crate) fn insertion_sort<T>(v: &mut [T], out_of_order: impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        // Swap the new element left while its left neighbour must follow it.
        let mut j = i;
        while let Some((left, right)) = v.split_at_mut_checked(j)
            && let (Some(before), Some(x)) = (left.last_mut(), right.first_mut())
            && out_of_order(before, x)
        {
            core::mem::swap(before, x);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_library() {
        // Pairs sorted by the first field only: equal keys keep their order (stable).
        let mut state = 0x2545_f491_u32;
        for len in 0..40 {
            let mut v = [(0u8, 0u8); 40];
            for (i, p) in v.iter_mut().enumerate() {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                *p = ((state % 7) as u8, i as u8);
            }
            let mut want = v;
            want[..len].sort_by_key(|p| p.0);
            insertion_sort(&mut v[..len], |a, b| a.0 > b.0);
            assert_eq!(v[..len], want[..len], "len {len}");
        }
    }
}
