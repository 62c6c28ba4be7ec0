//! Consistency from per-frame embeddings the caller computed elsewhere (CLIP, DINO, …).
//!
//! **Subject consistency** (VBench, Huang et al. CVPR 2024):
//! `(1/(N−1)) Σ_{i≥1} (max(0, cos(f_i, f_{i−1})) + max(0, cos(f_i, f_0))) / 2`, range [0, 1];
//! 1 for a clip whose frames all embed identically. Needs at least two frames.
//! **Prompt alignment**: the mean over frames of `cos(f_i, t)` with a text embedding `t`
//! (CLIPScore's cosine before its ×2.5 rescale), range [−1, 1].
//!
//! Streaming with fixed memory: the first and previous embeddings and the text embedding, each up
//! to [`MAX_EMBEDDING_DIM`] floats. Embeddings need not be normalised; NaN, infinite or all-zero
//! embeddings and dimension mismatches are errors.

use crate::error::{Error, Rule};

/// Largest embedding dimension accepted.
pub const MAX_EMBEDDING_DIM: usize = 1024;

/// Streaming subject consistency and prompt alignment.
#[derive(Debug, Clone)]
pub struct Consistency {
    dim: usize,
    first: [f32; MAX_EMBEDDING_DIM],
    prev: [f32; MAX_EMBEDDING_DIM],
    text: [f32; MAX_EMBEDDING_DIM],
    first_norm: f64,
    prev_norm: f64,
    text_norm: f64,
    has_text: bool,
    frames: u32,
    subject_sum: f64,
    align_sum: f64,
}

fn norm(e: &[f32], name: &'static str) -> Result<f64, Error> {
    let mut s = 0.0f64;
    for &v in e {
        if !v.is_finite() {
            return Err(Error::invalid(name, f64::from(v), Rule::FINITE));
        }
        s += f64::from(v) * f64::from(v);
    }
    if s == 0.0 {
        return Err(Error::invalid(name, 0.0, Rule::Text("a non-zero vector")));
    }
    Ok(libm::sqrt(s))
}

fn cos(a: &[f32], na: f64, b: &[f32], nb: f64) -> f64 {
    let dot: f64 = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| f64::from(x) * f64::from(y))
        .sum();
    (dot / (na * nb)).clamp(-1.0, 1.0)
}

impl Consistency {
    /// A tracker for `dim`-dimensional embeddings, optionally with a text embedding.
    pub fn new(dim: usize, text: Option<&[f32]>) -> Result<Self, Error> {
        if dim == 0 || dim > MAX_EMBEDDING_DIM {
            return Err(Error::invalid(
                "embedding dimension",
                dim as f64,
                Rule::Whole {
                    lo: 1.0,
                    hi: MAX_EMBEDDING_DIM as f64,
                },
            ));
        }
        let mut c = Consistency {
            dim,
            first: [0.0; MAX_EMBEDDING_DIM],
            prev: [0.0; MAX_EMBEDDING_DIM],
            text: [0.0; MAX_EMBEDDING_DIM],
            first_norm: 0.0,
            prev_norm: 0.0,
            text_norm: 0.0,
            has_text: false,
            frames: 0,
            subject_sum: 0.0,
            align_sum: 0.0,
        };
        if let Some(t) = text {
            if t.len() != dim {
                return Err(Error::LengthMismatch {
                    expected: dim,
                    got: t.len(),
                });
            }
            c.text_norm = norm(t, "text embedding")?;
            c.text[..dim].copy_from_slice(t);
            c.has_text = true;
        }
        Ok(c)
    }

    /// Adds frame `i`'s embedding; returns its VBench term (`NaN`-free; 1 for the first frame).
    pub fn push(&mut self, e: &[f32]) -> Result<f64, Error> {
        if e.len() != self.dim {
            return Err(Error::LengthMismatch {
                expected: self.dim,
                got: e.len(),
            });
        }
        let n = norm(e, "frame embedding")?;
        let d = self.dim;
        let term = if self.frames == 0 {
            self.first[..d].copy_from_slice(e);
            self.first_norm = n;
            1.0
        } else {
            let to_prev = cos(e, n, &self.prev[..d], self.prev_norm).max(0.0);
            let to_first = cos(e, n, &self.first[..d], self.first_norm).max(0.0);
            let t = 0.5 * (to_prev + to_first);
            self.subject_sum += t;
            t
        };
        if self.has_text {
            self.align_sum += cos(e, n, &self.text[..d], self.text_norm);
        }
        self.prev[..d].copy_from_slice(e);
        self.prev_norm = n;
        self.frames += 1;
        Ok(term)
    }

    /// Frames pushed.
    pub fn frames(&self) -> u32 {
        self.frames
    }

    /// VBench subject consistency; needs two frames.
    pub fn subject_consistency(&self) -> Result<f64, Error> {
        if self.frames < 2 {
            return Err(Error::InvalidState {
                reason: "subject consistency needs at least two frames",
            });
        }
        Ok(self.subject_sum / f64::from(self.frames - 1))
    }

    /// Mean cosine between frames and the text embedding; needs a text embedding and a frame.
    pub fn prompt_alignment(&self) -> Result<f64, Error> {
        if !self.has_text {
            return Err(Error::InvalidState {
                reason: "no text embedding was given",
            });
        }
        if self.frames == 0 {
            return Err(Error::Empty { name: "embeddings" });
        }
        Ok(self.align_sum / f64::from(self.frames))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_frames_are_fully_consistent() {
        let mut c = Consistency::new(3, Some(&[1.0, 0.0, 0.0])).unwrap();
        for _ in 0..4 {
            c.push(&[2.0, 0.0, 0.0]).unwrap();
        }
        assert_eq!(c.subject_consistency().unwrap(), 1.0);
        assert_eq!(c.prompt_alignment().unwrap(), 1.0);
    }

    #[test]
    fn worked_example() {
        // f0 = x, f1 = y, f2 = (x+y)/√2: terms (0+0)/2 = 0 and (cos45 + cos45)/2 = 0.7071…
        let mut c = Consistency::new(2, None).unwrap();
        c.push(&[1.0, 0.0]).unwrap();
        c.push(&[0.0, 1.0]).unwrap();
        c.push(&[1.0, 1.0]).unwrap();
        let want = 0.5 * (0.0 + core::f64::consts::FRAC_1_SQRT_2);
        assert!((c.subject_consistency().unwrap() - want).abs() < 1e-15);
    }

    #[test]
    fn bad_embeddings_are_refused() {
        let mut c = Consistency::new(2, None).unwrap();
        assert!(c.subject_consistency().is_err());
        assert!(c.push(&[f32::NAN, 1.0]).is_err());
        assert!(c.push(&[0.0, 0.0]).is_err());
        assert!(c.push(&[1.0, 0.0, 0.0]).is_err());
        assert!(Consistency::new(2000, None).is_err());
        assert!(c.prompt_alignment().is_err());
    }
}
