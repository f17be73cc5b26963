//! The learned model for large knowledge bases: the same logistic
//! regression as [`super::learned::Dense`], made to scale with the number
//! of scenarios.
//!
//! Why a second form: the dense model keeps one weight per (feature,
//! class) and scores every class for every message, so memory and time
//! grow with features × classes — at 10,000 scenarios that is tens of
//! gigabytes and milliseconds per message. This one changes three things,
//! each a textbook remedy:
//!
//! - **Hashed weights.** (feature, class) pairs index one fixed table, so
//!   memory is set by the table, not by features × classes. A collision
//!   adds a little noise to two weights; at the sizes chosen it is rare.
//! - **A shortlist of classes per message.** Only classes that share an
//!   informative word feature (a word, a CJK bigram or a word pair used by
//!   few classes) with the message, best [`PREDICT_SHORTLIST`] first, plus
//!   the fixed classes (off-topic, chatter, ...) are scored; the softmax
//!   runs over them and every other class gets probability 0. A class that
//!   shares no such feature with a message had no evidence to win it.
//! - **Sampled softmax in training.** Each step normalises over the true
//!   class, the fixed classes, the example's own shortlist (its hard
//!   negatives) and a few random classes, not over every class.
//!
//! The engine switches to this form above
//! [`super::TrainParams::dense_max_classes`]; the shipped base is far below
//! it and is decided by the dense model.

use super::learned::{softmax, Sparse, TrainParams, XorShift};

/// Classes scored per message, besides the fixed ones.
const PREDICT_SHORTLIST: usize = 48;
/// Hard negatives per training example.
const TRAIN_SHORTLIST: usize = 16;
/// Random negatives per training example: they keep the weights of
/// classes no example ever confuses from drifting unchecked.
const RANDOM_NEGATIVES: usize = 4;
/// A word feature used by more classes than this says little about which
/// class a message is, and would make shortlisting cost grow with the base.
const MAX_SPREAD: usize = 64;

/// The trained large-base model.
pub struct Sampled {
    classes: usize,
    /// log2 of the table size.
    bits: u32,
    weights: Vec<f32>,
    bias: Vec<f32>,
    /// Always scored: the fixed classes.
    always: Vec<u32>,
    postings: Postings,
}

/// Feature -> the classes whose examples contain it, for the informative
/// word features only; compressed rows (offsets into one flat list).
struct Postings {
    offsets: Vec<u32>,
    classes: Vec<u32>,
}

impl Postings {
    fn build(samples: &[(Sparse, usize)], features: usize, keep: &dyn Fn(u32) -> bool) -> Self {
        // (feature, class) pairs, deduplicated, then cut where too spread.
        let mut pairs: Vec<(u32, u32)> = samples
            .iter()
            .flat_map(|(x, y)| {
                x.iter()
                    .filter(|(f, _)| keep(*f))
                    .map(move |(f, _)| (*f, *y as u32))
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut offsets = vec![0u32; features + 1];
        let mut classes = Vec::new();
        let mut at = 0;
        for f in 0..features as u32 {
            let start = at;
            while at < pairs.len() && pairs[at].0 == f {
                at += 1;
            }
            if at - start <= MAX_SPREAD {
                classes.extend(pairs[start..at].iter().map(|p| p.1));
            }
            offsets[f as usize + 1] = classes.len() as u32;
        }
        Postings { offsets, classes }
    }

    fn of(&self, f: u32) -> &[u32] {
        let (a, b) = (self.offsets[f as usize], self.offsets[f as usize + 1]);
        &self.classes[a as usize..b as usize]
    }

    /// Up to `n` classes sharing the most feature mass with `x`, best first
    /// (ties to the lower class, so results never depend on order), using
    /// `acc` (one slot per class, all zero) as scratch and leaving it zero.
    fn shortlist(&self, x: &Sparse, n: usize, acc: &mut [f32]) -> Vec<u32> {
        let mut touched: Vec<u32> = Vec::new();
        for &(f, v) in x {
            for &k in self.of(f) {
                if acc[k as usize] == 0.0 {
                    touched.push(k);
                }
                acc[k as usize] += v.abs().max(f32::MIN_POSITIVE);
            }
        }
        let by_mass =
            |a: &u32, b: &u32| acc[*b as usize].total_cmp(&acc[*a as usize]).then(a.cmp(b));
        if touched.len() > n {
            touched.select_nth_unstable_by(n, by_mass);
            touched.truncate(n);
        }
        touched.sort_by(by_mass);
        for &k in &touched {
            acc[k as usize] = 0.0;
        }
        touched
    }
}

impl Sampled {
    /// Trains on `samples` (vector, class index); `always` are the classes
    /// scored for every message, `shortlisting(f)` whether feature `f` may
    /// put a class on a shortlist. Deterministic.
    pub fn train(
        samples: &[(Sparse, usize)],
        features: usize,
        classes: usize,
        always: &[usize],
        shortlisting: &dyn Fn(u32) -> bool,
        p: TrainParams,
    ) -> Self {
        let postings = Postings::build(samples, features, shortlisting);
        // A feature meets about one candidate set's worth of classes in
        // training; two slots per such pair keep collisions rare, within
        // 1 MiB .. 512 MiB of weights.
        let per_feature = 2 * (1 + always.len() + TRAIN_SHORTLIST + RANDOM_NEGATIVES);
        let bits = (features * per_feature)
            .next_power_of_two()
            .trailing_zeros()
            .clamp(18, 27);
        let mut model = Sampled {
            classes,
            bits,
            weights: vec![0.0; 1 << bits],
            bias: vec![0.0; classes],
            always: always.iter().map(|&k| k as u32).collect(),
            postings,
        };
        let mut acc = vec![0.0f32; classes];
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        // Each example's candidate set, fixed before training: its class
        // first, then the fixed classes, hard and random negatives.
        let sets: Vec<Vec<u32>> = samples
            .iter()
            .map(|(x, y)| {
                let y = *y as u32;
                let mut set = vec![y];
                let add = |k: u32, set: &mut Vec<u32>| {
                    if !set.contains(&k) {
                        set.push(k);
                    }
                };
                for &k in &model.always {
                    add(k, &mut set);
                }
                for k in model.postings.shortlist(x, TRAIN_SHORTLIST + 1, &mut acc) {
                    add(k, &mut set);
                }
                for _ in 0..RANDOM_NEGATIVES {
                    add((rng.next() % classes as u64) as u32, &mut set);
                }
                set
            })
            .collect();

        let mut scale = 1.0f32;
        let lambda = 1.0 / (p.c * samples.len().max(1) as f32);
        let mut order: Vec<usize> = (0..samples.len()).collect();
        let mut logits: Vec<f32> = Vec::new();
        let mut t = 0.0f32;
        for _ in 0..p.epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                let (x, _) = &samples[i];
                let set = &sets[i];
                t += 1.0;
                let eta = p.eta0 / (1.0 + p.eta0 * lambda * t);
                logits.clear();
                logits.extend(set.iter().map(|&k| model.bias[k as usize]));
                for &(f, val) in x {
                    let s = val * scale;
                    for (l, &k) in logits.iter_mut().zip(set) {
                        *l += s * model.weights[model.slot(f, k)];
                    }
                }
                softmax(&mut logits);
                // The true class is first in its set.
                logits[0] -= 1.0;
                scale *= 1.0 - eta * lambda;
                let step = eta / scale;
                for &(f, val) in x {
                    let s = step * val;
                    for (g, &k) in logits.iter().zip(set) {
                        let slot = model.slot(f, k);
                        model.weights[slot] -= s * g;
                    }
                }
                for (g, &k) in logits.iter().zip(set) {
                    model.bias[k as usize] -= eta * g;
                }
                if scale < 1e-4 {
                    model.weights.iter_mut().for_each(|w| *w *= scale);
                    scale = 1.0;
                }
            }
        }
        model.weights.iter_mut().for_each(|w| *w *= scale);
        model
    }

    /// The table slot of (feature, class): a multiplicative hash of both,
    /// its top bits.
    fn slot(&self, f: u32, k: u32) -> usize {
        let key = (u64::from(f) << 32) | u64::from(k);
        let h = (key ^ (key >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        (h >> (64 - self.bits)) as usize
    }

    /// Class probabilities for `x`: over the shortlist and the fixed
    /// classes, 0 elsewhere; they sum to 1.
    pub fn probabilities(&self, x: &Sparse) -> Vec<f32> {
        let mut out = vec![0.0f32; self.classes];
        let mut set = self.postings.shortlist(x, PREDICT_SHORTLIST, &mut out);
        for &k in &self.always {
            if !set.contains(&k) {
                set.push(k);
            }
        }
        let mut logits: Vec<f32> = set.iter().map(|&k| self.bias[k as usize]).collect();
        for &(f, val) in x {
            for (l, &k) in logits.iter_mut().zip(&set) {
                *l += val * self.weights[self.slot(f, k)];
            }
        }
        softmax(&mut logits);
        for (p, &k) in logits.iter().zip(&set) {
            out[k as usize] = *p;
        }
        out
    }

    /// The weight of one feature for one class.
    pub fn weight(&self, f: u32, k: usize) -> f32 {
        self.weights[self.slot(f, k as u32)]
    }
}

#[cfg(test)]
mod tests {
    use super::super::features::hashed;
    use super::super::learned::Vectorizer;
    use super::*;
    use crate::text::normalize;

    /// `n` classes, each with its own three words; the training phrases of
    /// a class use two of them with a word every class shares, so only the
    /// pair of own words tells the class.
    fn words_of(k: usize) -> [String; 3] {
        [0, 1, 2].map(|j| format!("w{k}x{j}q"))
    }

    fn train(n: usize) -> (Vectorizer, Sampled) {
        let mut texts = Vec::new();
        for k in 0..n {
            let [a, b, c] = words_of(k);
            for phrase in [
                format!("{a} {b} common"),
                format!("{b} {c} common"),
                format!("common {a} {c}"),
            ] {
                texts.push((phrase, k));
            }
        }
        // A fixed class with its own phrasing, as off-topic talk is.
        texts.push(("thanks a lot".into(), n));
        texts.push(("thank you".into(), n));
        let docs: Vec<_> = texts.iter().map(|(t, _)| hashed(&normalize(t))).collect();
        let vectorizer = Vectorizer::fit(&docs);
        let samples: Vec<_> = docs
            .iter()
            .zip(&texts)
            .map(|(d, (_, y))| (vectorizer.transform(d), *y))
            .collect();
        let words = |f: u32| vectorizer.is_word(f);
        let model = Sampled::train(
            &samples,
            vectorizer.len(),
            n + 1,
            &[n],
            &words,
            TrainParams::default(),
        );
        (vectorizer, model)
    }

    fn predict(v: &Vectorizer, m: &Sampled, text: &str) -> (usize, Vec<f32>) {
        let p = m.probabilities(&v.transform(&hashed(&normalize(text))));
        let top = (0..p.len())
            .max_by(|a, b| p[*a].total_cmp(&p[*b]).then(b.cmp(a)))
            .unwrap();
        (top, p)
    }

    #[test]
    fn tells_hundreds_of_classes_apart_on_unseen_word_orders() {
        let n = 400;
        let (v, m) = train(n);
        let mut right = 0;
        for k in 0..n {
            let [a, _, c] = words_of(k);
            // Unseen order, and a typo-free but never-trained combination.
            let (top, p) = predict(&v, &m, &format!("{c} common {a}"));
            assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
            if top == k {
                right += 1;
            }
        }
        assert!(right >= n * 95 / 100, "{right} of {n}");
        let (top, _) = predict(&v, &m, "thanks");
        assert_eq!(top, n, "the fixed class is always scored");
    }

    #[test]
    fn scores_only_a_shortlist() {
        let (v, m) = train(300);
        let (_, p) = predict(&v, &m, "w7x0q w7x1q");
        let scored = p.iter().filter(|x| **x > 0.0).count();
        assert!(scored <= PREDICT_SHORTLIST + 1, "{scored} classes scored");
        assert!(p[7] > 0.5, "{}", p[7]);
    }

    #[test]
    fn training_is_deterministic() {
        let (v1, m1) = train(260);
        let (v2, m2) = train(260);
        let text = "w3x0q common w9x2q";
        assert_eq!(predict(&v1, &m1, text).1, predict(&v2, &m2, text).1);
    }
}
