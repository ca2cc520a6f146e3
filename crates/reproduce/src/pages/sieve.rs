//! The algorithm beats the concurrency: the chapter's fastest sieve beside
//! primesieve (the Debian CLI, when installed) and the `primal` crate at
//! 10^8, 10^9 and 10^10 on 1 and 2 threads, with the ratio to primesieve
//! per row; how each sieve scales from 1 to 2 threads; and what each step
//! from trial division to the fastest sieve buys. Every row runs in the same
//! interleaved rounds as the rows it is compared with, and every ratio goes
//! through the guard ([`crate::measure::guard`]): a 2-thread row may be at
//! most min(2, cores) times faster than the same program on one thread (the
//! steps' (c) counts as (b) on 2 threads); a row beside another program on
//! the same threads has no such bound, so only the tie test applies to it.

use std::process::Command;

use chapter_sieve::{VARIANTS, known_count, table::trial_division, wheel};
use concurrency_core::{Align, Table};
use indicatif::ProgressBar;

use super::{Shared, failures, progress, time_cell};
use crate::measure::{Baseline, Bound, Claim, Judgement, Noise, Rounds, Sample, Stat, guard, mark, paired_ratios};
use crate::{Page, Settings};

/// The side-by-side limits: 10^8, 10^9, 10^10 (quick: 10^6 to 10^8).
fn limits(settings: &Settings) -> [u64; 3] {
    if settings.quick {
        [1_000_000, 10_000_000, 100_000_000]
    } else {
        [100_000_000, 1_000_000_000, 10_000_000_000]
    }
}

/// The steps table's limit, and trial division's (which cannot go further).
fn step_limits(settings: &Settings) -> (u64, u64) {
    if settings.quick {
        (10_000_000, 1_000_000)
    } else {
        (100_000_000, 10_000_000)
    }
}

/// primesieve's version line when its CLI runs, or why not.
pub(crate) fn primesieve_version() -> Result<String, String> {
    let out = Command::new("primesieve")
        .arg("--version")
        .output()
        .map_err(|e| format!("no primesieve CLI ({e})"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text.lines().next().unwrap_or("primesieve").trim().to_owned())
}

/// One primesieve run: its count, from the last line it prints.
pub(crate) fn primesieve(limit: u64, threads: usize) -> Result<u64, String> {
    let out = Command::new("primesieve")
        .args([limit.to_string(), format!("--threads={threads}"), "--quiet".to_owned()])
        .output()
        .map_err(|e| format!("primesieve: {e}"))?;
    if !out.status.success() {
        return Err(format!("primesieve exited with {}", out.status));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .ok_or_else(|| format!("primesieve printed {text:?}"))
}

/// A row of the side-by-side table.
#[derive(Debug, Clone, Copy)]
struct Side {
    limit: u64,
    threads: usize,
    who: &'static str,
    index: usize,
}

/// The sieve page.
pub fn page(settings: &Settings, _: &mut Shared, bar: &ProgressBar) -> Result<Page, String> {
    let version = primesieve_version();
    if let Err(why) = &version {
        bar.println(format!(
            "note: {why}; the primesieve rows are skipped (`just bench-all` installs primesieve-bin)"
        ));
    }
    let mut rows: Rounds<'_, u64> = Rounds::new();
    let mut sides = Vec::new();
    for limit in limits(settings) {
        for threads in [1, 2] {
            let mut add = |who: &'static str, index: usize| {
                sides.push(Side {
                    limit,
                    threads,
                    who,
                    index,
                })
            };
            if version.is_ok() {
                add(
                    "primesieve",
                    rows.add(side_label("primesieve", limit, threads), move || {
                        Sample::timed(|| primesieve(limit, threads))
                    }),
                );
            }
            if threads == 1 {
                add(
                    "primal (one thread only)",
                    rows.add(side_label("primal", limit, threads), move || {
                        Sample::timed(|| Ok(primal::StreamingSieve::prime_pi(limit as usize) as u64))
                    }),
                );
            }
            add(
                "chapter-sieve (d)",
                rows.add(side_label("(d)", limit, threads), move || {
                    Sample::timed(|| Ok(wheel::count(limit, threads)))
                }),
            );
        }
    }
    let (step_limit, trial_limit) = step_limits(settings);
    // Trial division (None), then the variants: (a), (b), (c) on 2 threads, (d) on 1 and 2.
    let steps: Vec<(String, u64, usize, Option<usize>)> = std::iter::once((
        "trial division (the tutorial's), 2 threads".to_owned(),
        trial_limit,
        2,
        None,
    ))
    .chain([(0, 1), (1, 1), (2, 2), (3, 1), (3, 2)].map(|(v, t)| {
        (
            format!("{}, {t} thread{}", VARIANTS[v].name, if t == 1 { "" } else { "s" }),
            step_limit,
            t,
            Some(v),
        )
    }))
    .collect();
    let first_step = sides.iter().map(|s| s.index).max().map_or(0, |i| i + 1);
    for (label, limit, threads, variant) in steps.iter().cloned() {
        rows.add(label, move || {
            Sample::timed(|| {
                Ok(match variant {
                    None => trial_division(limit, threads),
                    Some(v) => (VARIANTS[v].count)(limit, threads),
                })
            })
        });
    }
    let mut report = progress(bar, "sieve");
    let mut measured = rows.run(settings.rounds(), &mut report);
    let claims = claims(&sides, first_step, concurrency_core::cores());
    let judgements = guard(&mut rows, &mut measured, &claims, settings.rounds(), &mut report);
    let label = |i: usize| measured[i].label.clone();
    let noise = Noise::tally(&judgements, &claims, &label);
    let limit_of = |i: usize| {
        sides
            .iter()
            .find(|s| s.index == i)
            .map_or_else(|| steps[i - first_step].1, |s| s.limit)
    };
    let exact = |i: usize| {
        let m = &measured[i];
        !m.runs.is_empty() && m.reports().all(|&c| Some(c) == known_count(limit_of(i)))
    };
    let ok = measured.iter().all(|m| m.error.is_none()) && (0..measured.len()).all(exact);
    let found = |i: usize| match measured[i].reports().next() {
        Some(&c) if exact(i) => format!("{c} (exact)"),
        Some(&c) => format!("{c} (WRONG)"),
        None => "-".to_owned(),
    };

    let mut side = Table::new([
        ("Limit", Align::Right),
        ("Threads", Align::Right),
        ("Row", Align::Left),
        ("Time", Align::Right),
        ("Time over primesieve's", Align::Right),
        ("Primes found", Align::Center),
    ]);
    for s in &sides {
        let ps = sides
            .iter()
            .find(|o| o.limit == s.limit && o.threads == s.threads && o.who == "primesieve");
        let ratio = match ps {
            Some(ps) if ps.index == s.index => "baseline".to_owned(),
            Some(ps) => cell(Stat::of(&paired_ratios(
                &measured[s.index].times(),
                &measured[ps.index].times(),
            ))),
            None => "- (no primesieve)".to_owned(),
        };
        let ratio = mark(ratio, judgements.get(s.index), &label);
        side.push_row([
            format!("{:e}", s.limit as f64),
            s.threads.to_string(),
            s.who.to_owned(),
            time_cell(&measured[s.index]),
            ratio,
            found(s.index),
        ]);
    }

    let scaling = scaling_table(&limits(settings), &sides, &judgements, &label);

    let mut step_table = Table::new([
        ("Step", Align::Left),
        ("Numbers", Align::Right),
        ("Time", Align::Right),
        ("Numbers per second over trial division's", Align::Right),
        ("Over the textbook sieve's", Align::Right),
        ("Primes found", Align::Center),
    ]);
    let rate_over = |i: usize, base: usize| -> String {
        let scale = limit_of(i) as f64 / limit_of(base) as f64;
        let ratios: Vec<f64> = paired_ratios(&measured[base].times(), &measured[i].times())
            .iter()
            .map(|r| r * scale)
            .collect();
        cell(Stat::of(&ratios))
    };
    for (i, (name, limit, _, _)) in steps.iter().enumerate() {
        let at = first_step + i;
        step_table.push_row([
            name.clone(),
            format!("{:e}", *limit as f64),
            mark(time_cell(&measured[at]), judgements.get(at), &label),
            rate_over(at, first_step),
            rate_over(at, first_step + 1),
            found(at),
        ]);
    }

    let note = match &version {
        Ok(v) => format!("primesieve is the Debian CLI ({v}), run as a process: its time includes starting it."),
        Err(why) => format!("**The primesieve rows are skipped:** {why}."),
    };
    let body = format!(
        "{} interleaved rounds; times are medians (min–max), ratios the medians of the per-round ratios. \
         {note} primal counts on one thread (it has no parallel counter). \
         The chapter's (d) is the parallel segmented sieve with a mod-30 wheel, pre-sieving and buckets.\n\n\
         ### Side by side\n\n<!-- ANCHOR: side_by_side -->\n{side}<!-- ANCHOR_END: side_by_side -->\n\n\
         ### From 1 to 2 threads\n\n<!-- ANCHOR: scaling -->\n{scaling}<!-- ANCHOR_END: scaling -->\n\n\
         ### What each step buys\n\nTrial division runs to {trial_limit} (its cost per number grows with the numbers, \
         so its rate at a larger limit would be lower still); the sieves to {step_limit}. The speedups compare \
         numbers per second. The guard checks (c), which is (b) on 2 threads, against (b), and (d) on 2 threads \
         against (d) on one (their time cells carry its mark); the other steps change the algorithm, which no \
         core count bounds.\n\n<!-- ANCHOR: steps -->\n{step_table}<!-- ANCHOR_END: steps -->\n\n{}{}",
        settings.rounds(),
        failures(&measured),
        noise.paragraph(),
    );
    Ok(Page {
        body,
        ok,
        plots: Vec::new(),
    })
}

/// A side-by-side row's label, which a tie mark names: `primesieve, 1e9, 2 threads`.
fn side_label(who: &str, limit: u64, threads: usize) -> String {
    format!(
        "{who}, {:e}, {threads} thread{}",
        limit as f64,
        if threads == 1 { "" } else { "s" }
    )
}

/// What the guard checks. A 2-thread row against the same program on one
/// thread: `Cpu` bound, and the tie test against that row and primesieve
/// on 2 threads. A 1-thread row beside primesieve on one thread: nothing
/// bounds how much faster one program is than another on the same thread,
/// so `workers` is set past any speedup (the efficiency is never above
/// 1.05) and only the tie test applies. The steps' (c) against (b) and (d)
/// on 2 threads against (d) on one (rows `first_step + 3`, `+ 2`, `+ 5`,
/// `+ 4`).
fn claims(sides: &[Side], first_step: usize, cores: usize) -> Vec<Claim> {
    let at = |limit: u64, threads: usize, who: &str| {
        sides
            .iter()
            .find(|o| o.limit == limit && o.threads == threads && o.who == who)
            .map(|o| o.index)
    };
    let parallel = |row: usize, one: usize, peers: Vec<usize>| Claim {
        row,
        baseline: Baseline::Row(one),
        workers: 2,
        bound: Bound::Cpu { cores },
        peers,
    };
    let mut claims = Vec::new();
    for s in sides {
        let ps = at(s.limit, s.threads, "primesieve").filter(|&p| p != s.index);
        if s.threads == 2 {
            if let Some(one) = at(s.limit, 1, s.who) {
                claims.push(parallel(s.index, one, std::iter::once(one).chain(ps).collect()));
            }
        } else if let Some(ps) = ps {
            claims.push(Claim {
                row: s.index,
                baseline: Baseline::Row(ps),
                workers: usize::MAX,
                bound: Bound::Sleep,
                peers: vec![ps],
            });
        }
    }
    claims.push(parallel(first_step + 3, first_step + 2, vec![first_step + 2]));
    claims.push(parallel(first_step + 5, first_step + 4, vec![first_step + 4]));
    claims
}

/// From 1 to 2 threads: each program's speedup as the guard judged it (of
/// its second look when it took one), marked.
fn scaling_table(limits: &[u64], sides: &[Side], judgements: &[Judgement], label: &dyn Fn(usize) -> String) -> Table {
    let mut scaling = Table::new([
        ("Limit", Align::Right),
        ("Row", Align::Left),
        ("Speedup from 1 to 2 threads", Align::Right),
    ]);
    for &limit in limits {
        for who in ["primesieve", "chapter-sieve (d)"] {
            let two = sides
                .iter()
                .find(|s| s.limit == limit && s.threads == 2 && s.who == who);
            if let Some(judgement) = two
                .and_then(|s| judgements.get(s.index))
                .filter(|j| j.speedup.is_some())
            {
                scaling.push_row([
                    format!("{:e}", limit as f64),
                    who.to_owned(),
                    mark(cell(judgement.speedup), Some(judgement), label),
                ]);
            }
        }
    }
    scaling
}

/// A ratio cell, or `-` when there is none.
fn cell(stat: Option<Stat>) -> String {
    stat.map_or("-".to_owned(), |s| s.ratio_cell())
}

#[cfg(test)]
mod tests;
