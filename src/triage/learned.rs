//! A multinomial logistic regression over TF-IDF features, trained on the
//! knowledge base's own phrasings every time the base is loaded.
//!
//! Why learned and not hand-tuned: on held-out messages a textbook model of
//! this kind beat the hand-weighted index score at the decision that
//! matters, and its probabilities mean something — a threshold on them is
//! a statement about how often an answer is right, which a threshold on an
//! ad-hoc score never was (see README, "How triage decides").
//!
//! Training is plain SGD with L2 regularisation, a Bottou learning-rate
//! schedule and a fixed shuffle seed: deterministic, allocation-light and a
//! few tens of milliseconds on the shipped base. The L2 decay is applied
//! lazily through one shared scale factor, so a step costs only the
//! example's non-zero features.

use super::features::Group;
use super::sampled::Sampled;
use std::collections::HashMap;

/// The knobs of training. The defaults were chosen by k-fold
/// cross-validation over the knowledge base's own examples (`kb check`
/// prints the same measure).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainParams {
    pub epochs: usize,
    /// Initial learning rate.
    pub eta0: f32,
    /// Inverse regularisation strength, as scikit-learn's `C`.
    pub c: f32,
    /// Above this many classes the model takes its large-base form
    /// ([`super::sampled::Sampled`]): hashed weights, a shortlist of
    /// classes per message, sampled softmax in training.
    pub dense_max_classes: usize,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            epochs: 5,
            eta0: 0.5,
            c: 30.0,
            dense_max_classes: 256,
        }
    }
}

/// A message as the model sees it: (feature id, TF-IDF value) pairs.
pub type Sparse = Vec<(u32, f32)>;

/// Feature ids and inverse document frequencies, fitted on the training
/// phrases. Features never seen in training are dropped at prediction.
pub struct Vectorizer {
    ids: HashMap<u64, u32, BuildPassThrough>,
    idf: Vec<f32>,
    groups: Vec<Group>,
}

impl Vectorizer {
    /// Fits ids and smoothed IDF (`ln((1 + n) / (1 + df)) + 1`) on `docs`,
    /// each the output of [`hashed`].
    pub fn fit(docs: &[Vec<(Group, u64)>]) -> Vectorizer {
        let mut ids: HashMap<u64, u32, BuildPassThrough> = HashMap::default();
        let mut df: Vec<u32> = Vec::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut seen: Vec<u32> = Vec::new();
        for doc in docs {
            seen.clear();
            for &(group, h) in doc {
                let next = ids.len() as u32;
                let id = *ids.entry(h).or_insert_with(|| {
                    df.push(0);
                    groups.push(group);
                    next
                });
                seen.push(id);
            }
            seen.sort_unstable();
            seen.dedup();
            for &id in &seen {
                df[id as usize] += 1;
            }
        }
        let n = docs.len() as f32;
        let idf = df
            .iter()
            .map(|&d| ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0)
            .collect();
        Vectorizer { ids, idf, groups }
    }

    pub fn len(&self) -> usize {
        self.idf.len()
    }

    /// Whether feature `id` is a word, CJK bigram or word pair (not a
    /// character n-gram).
    pub fn is_word(&self, id: u32) -> bool {
        self.groups[id as usize] == Group::Words
    }

    /// The id of a hashed feature, if training saw it.
    pub fn id(&self, h: u64) -> Option<u32> {
        self.ids.get(&h).copied()
    }

    /// Sublinear TF (`1 + ln tf`) times IDF, each group scaled to unit
    /// length, sorted by id.
    pub fn transform(&self, features: &[(Group, u64)]) -> Sparse {
        let mut ids: Vec<u32> = features
            .iter()
            .filter_map(|(_, h)| self.ids.get(h).copied())
            .collect();
        ids.sort_unstable();
        let mut out: Sparse = Vec::with_capacity(ids.len());
        for run in ids.chunk_by(|a, b| a == b) {
            let (id, tf) = (run[0], run.len() as f32);
            out.push((id, (1.0 + tf.ln()) * self.idf[id as usize]));
        }
        for group in [Group::Chars, Group::Words] {
            let in_group = |id: u32| self.groups[id as usize] == group;
            let norm = out
                .iter()
                .filter(|(id, _)| in_group(*id))
                .map(|(_, v)| v * v)
                .sum::<f32>()
                .sqrt();
            if norm > 0.0 {
                for (id, v) in out.iter_mut() {
                    if in_group(*id) {
                        *v /= norm;
                    }
                }
            }
        }
        out
    }

    /// [`Self::transform`] of normalised text.
    #[cfg(test)]
    pub fn vectorize(&self, normalized: &str) -> Sparse {
        self.transform(&super::features::hashed(normalized))
    }
}

/// Feature keys are already FNV hashes: hashing them again with SipHash
/// would only cost time on the hot path. One multiply spreads FNV's weaker
/// low bits over the table.
#[derive(Default, Clone, Copy)]
pub struct BuildPassThrough;

impl std::hash::BuildHasher for BuildPassThrough {
    type Hasher = PassThrough;
    fn build_hasher(&self) -> PassThrough {
        PassThrough(0)
    }
}

pub struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29)
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed with this; fold anything else anyway.
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b) ^ (self.0 >> 56);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The trained model, in the form the base's size calls for.
pub enum Classifier {
    Dense(Dense),
    Sampled(Sampled),
}

impl Classifier {
    /// Trains on `samples` (vector, class index), dense up to
    /// `p.dense_max_classes` classes; `always` are the classes the large
    /// form scores for every message. Deterministic.
    pub fn train(
        samples: &[(Sparse, usize)],
        vectorizer: &Vectorizer,
        classes: usize,
        always: &[usize],
        p: TrainParams,
    ) -> Self {
        if classes <= p.dense_max_classes {
            Classifier::Dense(Dense::train(samples, vectorizer.len(), classes, p))
        } else {
            let words = |f: u32| vectorizer.is_word(f);
            Classifier::Sampled(Sampled::train(
                samples,
                vectorizer.len(),
                classes,
                always,
                &words,
                p,
            ))
        }
    }

    /// Class probabilities for `x`, summing to 1.
    pub fn probabilities(&self, x: &Sparse) -> Vec<f32> {
        match self {
            Classifier::Dense(m) => m.probabilities(x),
            Classifier::Sampled(m) => m.probabilities(x),
        }
    }

    /// The weight of feature `f` for class `k`.
    pub fn weight(&self, f: u32, k: usize) -> f32 {
        match self {
            Classifier::Dense(m) => m.row(f)[k],
            Classifier::Sampled(m) => m.weight(f, k),
        }
    }
}

/// The model for bases of up to a few hundred classes: one weight row of
/// `classes` values per feature, every class scored for every message.
pub struct Dense {
    classes: usize,
    /// Feature-major: weights[f * classes + k].
    weights: Vec<f32>,
    bias: Vec<f32>,
}

impl Dense {
    /// Trains on `samples` (vector, class index). Deterministic: the same
    /// samples in the same order give the same model.
    pub fn train(
        samples: &[(Sparse, usize)],
        features: usize,
        classes: usize,
        p: TrainParams,
    ) -> Self {
        let mut v = vec![0.0f32; features * classes];
        let mut bias = vec![0.0f32; classes];
        let mut scale = 1.0f32;
        let lambda = 1.0 / (p.c * samples.len().max(1) as f32);
        let mut order: Vec<usize> = (0..samples.len()).collect();
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let mut logits = vec![0.0f32; classes];
        let mut t = 0.0f32;
        for _ in 0..p.epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                let (x, y) = &samples[i];
                t += 1.0;
                let eta = p.eta0 / (1.0 + p.eta0 * lambda * t);
                logits.copy_from_slice(&bias);
                for &(f, val) in x {
                    let row = &v[f as usize * classes..][..classes];
                    let s = val * scale;
                    for (l, w) in logits.iter_mut().zip(row) {
                        *l += s * w;
                    }
                }
                softmax(&mut logits);
                // logits now hold p; the gradient of the loss is p - onehot(y).
                logits[*y] -= 1.0;
                scale *= 1.0 - eta * lambda;
                let step = eta / scale;
                for &(f, val) in x {
                    let row = &mut v[f as usize * classes..][..classes];
                    let s = step * val;
                    for (w, g) in row.iter_mut().zip(&logits) {
                        *w -= s * g;
                    }
                }
                for (b, g) in bias.iter_mut().zip(&logits) {
                    *b -= eta * g;
                }
                // Fold the scale back in before it underflows.
                if scale < 1e-4 {
                    v.iter_mut().for_each(|w| *w *= scale);
                    scale = 1.0;
                }
            }
        }
        v.iter_mut().for_each(|w| *w *= scale);
        Dense {
            classes,
            weights: v,
            bias,
        }
    }

    /// Class probabilities for `x`, summing to 1.
    pub fn probabilities(&self, x: &Sparse) -> Vec<f32> {
        let mut logits = self.bias.clone();
        for &(f, val) in x {
            let row = self.row(f);
            for (l, w) in logits.iter_mut().zip(row) {
                *l += val * w;
            }
        }
        softmax(&mut logits);
        logits
    }

    /// The weights of one feature, one per class.
    pub fn row(&self, feature: u32) -> &[f32] {
        &self.weights[feature as usize * self.classes..][..self.classes]
    }
}

pub(super) fn softmax(x: &mut [f32]) {
    let max = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in x.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in x.iter_mut() {
        *v /= sum;
    }
}

/// A tiny fixed-seed generator: training must not depend on the clock or
/// the OS, and a crate for eight lines of shuffling is not worth it.
pub(super) struct XorShift(pub(super) u64);

impl XorShift {
    pub(super) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub(super) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::features::hashed;
    use super::*;
    use crate::text::normalize;

    fn fit(data: &[(&str, usize)]) -> (Vectorizer, Dense) {
        let docs: Vec<_> = data.iter().map(|(t, _)| hashed(&normalize(t))).collect();
        let vec = Vectorizer::fit(&docs);
        let samples: Vec<_> = docs
            .iter()
            .zip(data)
            .map(|(d, (_, y))| (vec.transform(d), *y))
            .collect();
        let model = Dense::train(&samples, vec.len(), 2, TrainParams::default());
        (vec, model)
    }

    #[test]
    fn learns_two_classes_and_generalises_to_a_typo() {
        let (vec, model) = fit(&[
            ("photo blurry", 0),
            ("image unclear please reupload", 0),
            ("my picture is not clear", 0),
            ("selfie failed", 1),
            ("face scan keeps failing", 1),
            ("liveness check failed again", 1),
        ]);
        let p = model.probabilities(&vec.vectorize(&normalize("the picture is blury")));
        assert!(p[0] > 0.6, "{p:?}");
        let p = model.probabilities(&vec.vectorize(&normalize("face scan failling")));
        assert!(p[1] > 0.6, "{p:?}");
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }

    #[test]
    fn unknown_text_falls_back_to_the_priors() {
        let (vec, model) = fit(&[("a b", 0), ("c d", 1)]);
        assert!(vec.vectorize("zzzz qqqq").is_empty());
        let p = model.probabilities(&vec.vectorize("zzzz qqqq"));
        assert!((p[0] - p[1]).abs() < 0.2, "{p:?}");
    }

    #[test]
    fn training_is_deterministic() {
        let data = [("photo blurry", 0), ("selfie failed", 1), ("face fail", 1)];
        let (v1, m1) = fit(&data);
        let (v2, m2) = fit(&data);
        let x = normalize("blurry selfie");
        assert_eq!(
            m1.probabilities(&v1.vectorize(&x)),
            m2.probabilities(&v2.vectorize(&x))
        );
    }

    #[test]
    fn groups_are_unit_length() {
        let (vec, _) = fit(&[("photo blurry again", 0), ("selfie", 1)]);
        let x = vec.vectorize(&normalize("photo blurry again"));
        let norm: f32 = x
            .iter()
            .filter(|(id, _)| vec.groups[*id as usize] == Group::Chars)
            .map(|(_, v)| v * v)
            .sum();
        assert!((norm - 1.0).abs() < 1e-4, "{norm}");
    }
}
