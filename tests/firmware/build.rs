//! Writes the vector files' *inputs* (recipes, case parameters) as binary tapes the firmware
//! reads from the host at run time over semihosting (`$OUT_DIR/vectors.tape` from
//! tests/vectors/*.json, `$OUT_DIR/clip.tape` from clip.json), and puts `memory.x` on the
//! linker path. Reading them at run time keeps the vectors out of the firmware's flash; the
//! format is in `src/codes.rs`. Expected values are never copied: the host test
//! (python/tests/test_firmware.py) compares the device's output with them, by the JSON path
//! each record carries as its name.

#[path = "src/codes.rs"]
mod codes;

use serde_json::Value;
use std::path::{Path, PathBuf};

fn read(path: &Path) -> Value {
    println!("cargo:rerun-if-changed={}", path.display());
    serde_json::from_str(&std::fs::read_to_string(path).expect("read vectors")).expect("parse")
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn cases<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not an array"))
}

/// A tape under construction (see `src/codes.rs` for the format).
#[derive(Default)]
struct Tape(Vec<u8>);

impl Tape {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u64) {
        self.0
            .extend_from_slice(&u32::try_from(v).expect("fits u32").to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn name(&mut self, s: &str) {
        self.u8(u8::try_from(s.len()).expect("name under 256 bytes"));
        self.0.extend_from_slice(s.as_bytes());
    }
    fn list(&mut self, v: &[f64]) {
        self.u8(u8::try_from(v.len()).expect("list under 256 values"));
        for &x in v {
            self.f64(x);
        }
    }
    fn recipe(&mut self, r: &Value) {
        let u = |k: &str| r.get(k).and_then(Value::as_u64).unwrap_or(0);
        let kind = match r["kind"].as_str().expect("kind") {
            "noise" => codes::NOISE,
            "noise16" => codes::NOISE16,
            "scene" => codes::SCENE,
            "distort" => codes::DISTORT,
            "blocky" => codes::BLOCKY,
            "rgb_noise" => codes::RGB_NOISE,
            "rgb_tint" => codes::RGB_TINT,
            other => panic!("unknown recipe kind {other}"),
        };
        self.u8(kind);
        self.u64(u("seed"));
        self.u32(u("width"));
        self.u32(u("height"));
        self.u32(u("amp"));
        self.u8(u("bits") as u8);
        match (kind, r.get("base")) {
            (codes::DISTORT, Some(b)) => self.recipe(b),
            (codes::DISTORT, None) => panic!("distort without a base"),
            (_, None) => {}
            (_, Some(_)) => panic!("only distort has a base"),
        }
    }
    /// One engagement record: code, JSON path, lists.
    fn record(&mut self, code: u8, name: &str, lists: &[&[f64]]) {
        self.u8(code);
        self.name(name);
        self.u8(lists.len() as u8);
        for l in lists {
            self.list(l);
        }
    }
}

/// The named keys of `c` as numbers.
fn keys(c: &Value, names: &[&str]) -> Vec<f64> {
    names.iter().map(|k| num(&c[*k])).collect()
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array().expect("array").iter().map(num).collect()
}

/// Engagement records in file order, each named by its JSON path (e.g. `wilson.cases[3]`).
fn engagement(eng: &Value, t: &mut Tape) -> u64 {
    let mut n = 0;
    let mut rec = |t: &mut Tape, code, name: String, lists: &[&[f64]]| {
        t.record(code, &name, lists);
        n += 1;
    };
    // Sections of one-list cases: (code, path, case array, input keys).
    let simple: &[(u8, &str, &Value, &[&str])] = &[
        (
            codes::NORMAL_ISF,
            "normal.isf",
            &eng["normal"]["isf"],
            &["q"],
        ),
        (
            codes::TWO_SIDED,
            "normal.two_sided",
            &eng["normal"]["two_sided"],
            &["confidence"],
        ),
        (
            codes::WILSON,
            "wilson.cases",
            &eng["wilson"]["cases"],
            &["successes", "totals", "z"],
        ),
        (
            codes::BAYES,
            "bayesian_average.cases",
            &eng["bayesian_average"]["cases"],
            &["mean", "votes", "prior_weight", "prior_mean"],
        ),
        (
            codes::ADDITIVE,
            "additive_smoothing.cases",
            &eng["additive_smoothing"]["cases"],
            &["count", "total", "alpha", "categories"],
        ),
    ];
    for &(code, path, arr, k) in simple {
        for (i, c) in arr.as_array().expect("cases").iter().enumerate() {
            rec(t, code, format!("{path}[{i}]"), &[&keys(c, k)]);
        }
    }
    let zt = &eng["wilson"]["zero_total"];
    let zt_keys = keys(zt, &["successes", "totals", "z"]);
    rec(
        t,
        codes::WILSON_ZERO_TOTAL,
        "wilson.zero_total".into(),
        &[&zt_keys],
    );
    for (i, c) in cases(&eng["star_rating"], "cases").iter().enumerate() {
        let (counts, z) = (nums(&c["counts_high_to_low"]), [num(&c["z"])]);
        rec(
            t,
            codes::STAR,
            format!("star_rating.cases[{i}]"),
            &[&counts, &z],
        );
    }
    let w = &eng["watch"];
    for (i, c) in cases(w, "hook_retention").iter().enumerate() {
        let (times, at) = (nums(&c["watch_times"]), [num(&c["t"])]);
        rec(
            t,
            codes::HOOK,
            format!("watch.hook_retention[{i}]"),
            &[&times, &at],
        );
    }
    for (i, c) in cases(w, "retention_area").iter().enumerate() {
        let (times, ret) = (nums(&c["times"]), nums(&c["retention"]));
        rec(
            t,
            codes::AREA,
            format!("watch.retention_area[{i}]"),
            &[&times, &ret],
        );
    }
    let watch: &[(u8, &str, &[&str])] = &[
        (
            codes::COMPLETION,
            "completion_rate",
            &["completions", "views"],
        ),
        (
            codes::AVD,
            "average_view_duration",
            &["total_watch_seconds", "views", "duration_seconds"],
        ),
        (
            codes::REWATCH,
            "rewatch_ratio",
            &["views", "unique_viewers"],
        ),
    ];
    for &(code, key, k) in watch {
        for (i, c) in cases(w, key).iter().enumerate() {
            rec(t, code, format!("watch.{key}[{i}]"), &[&keys(c, k)]);
        }
    }
    for (i, c) in cases(&eng["actions"], "cases").iter().enumerate() {
        let (p, wt) = (nums(&c["predictions"]), nums(&c["weights"]));
        rec(t, codes::ACTIONS, format!("actions.cases[{i}]"), &[&p, &wt]);
    }
    let d = &eng["decay"];
    let decay: &[(u8, &str, &[&str])] = &[
        (codes::HOT, "hot", &["ups", "downs", "date"]),
        (codes::CONFIDENCE, "confidence", &["ups", "downs"]),
        (
            codes::HACKER_NEWS,
            "hacker_news",
            &["points", "age_minutes", "gravity", "penalty"],
        ),
    ];
    for &(code, key, k) in decay {
        for (i, c) in cases(&d[key], "cases").iter().enumerate() {
            rec(t, code, format!("decay.{key}.cases[{i}]"), &[&keys(c, k)]);
        }
    }
    for (i, c) in cases(&d["ewm"], "cases").iter().enumerate() {
        let (alpha, series) = ([num(&c["alpha"])], nums(&c["series"]));
        rec(
            t,
            codes::EWM,
            format!("decay.ewm.cases[{i}]"),
            &[&alpha, &series],
        );
    }
    for (i, c) in cases(&d["half_life"], "cases").iter().enumerate() {
        let k = keys(c, &["age", "half_life"]);
        rec(
            t,
            codes::HALF_LIFE,
            format!("decay.half_life.cases[{i}]"),
            &[&k],
        );
    }
    let p = &eng["pairwise"];
    for (i, c) in cases(&p["elo"], "cases").iter().enumerate() {
        let k = keys(c, &["ra", "rb", "score_a", "k"]);
        rec(t, codes::ELO, format!("pairwise.elo.cases[{i}]"), &[&k]);
    }
    for (i, c) in cases(&p["glicko2"], "cases").iter().enumerate() {
        let player = keys(c, &["rating", "rd", "volatility", "tau"]);
        let opps = c["opponents"].as_array().expect("opponents");
        let col = |j: usize| -> Vec<f64> { opps.iter().map(|o| num(&o[j])).collect() };
        let (r, rd, s) = (col(0), col(1), col(2));
        let name = format!("pairwise.glicko2.cases[{i}]");
        rec(t, codes::GLICKO2, name, &[&player, &r, &rd, &s]);
    }
    for (i, c) in cases(&eng["splitmix64"], "cases").iter().enumerate() {
        let seed: u64 = c["seed"]
            .as_str()
            .expect("seed string")
            .parse()
            .expect("u64");
        let bits = [f64::from_bits(seed)];
        rec(
            t,
            codes::SPLITMIX64,
            format!("splitmix64.cases[{i}]"),
            &[&bits],
        );
    }
    n
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::copy(root.join("memory.x"), out.join("memory.x")).unwrap();
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");

    // The synthetic clip: size, rate, one recipe per frame.
    let clip = read(&root.join("clip.json"));
    let mut t = Tape::default();
    t.u32(clip["width"].as_u64().expect("width"));
    t.u32(clip["height"].as_u64().expect("height"));
    t.f64(num(&clip["fps"]));
    let frames = cases(&clip, "frames");
    t.u32(frames.len() as u64);
    for r in frames {
        t.recipe(r);
    }
    std::fs::write(out.join("clip.tape"), &t.0).unwrap();

    // Frame metrics (bits and both recipes per case; SSIM/MS-SSIM are attempted everywhere, the
    // device prints `err` where the core refuses), RGB recipes, then the engagement records.
    let frame = read(&root.join("../vectors/frame_metrics.json"));
    let eng = read(&root.join("../vectors/engagement.json"));
    let mut t = Tape::default();
    t.u32(cases(&frame, "cases").len() as u64);
    for c in cases(&frame, "cases") {
        t.u8(c["bits"].as_u64().expect("bits") as u8);
        t.recipe(&c["a"]);
        t.recipe(&c["b"]);
    }
    t.u32(cases(&frame, "rgb_cases").len() as u64);
    for c in cases(&frame, "rgb_cases") {
        t.recipe(&c["rgb"]);
    }
    let mut records = Tape::default();
    let n = engagement(&eng, &mut records);
    t.u32(n);
    t.0.extend_from_slice(&records.0);
    std::fs::write(out.join("vectors.tape"), &t.0).unwrap();
}
