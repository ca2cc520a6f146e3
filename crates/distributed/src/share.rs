//! What one worker counts: its share of `1..=N`, dealt out in blocks, and
//! the kernel that counts the primes in it.

use std::time::Instant;

use chapter_sieve::RangeSieve;
use clap::ValueEnum;
use concurrency_core::is_prime;
use serde::{Deserialize, Serialize};

/// Blocks are a multiple of 30 = 2 x 3 x 5 numbers long, so every block
/// holds the same count of multiples of 2, 3 and 5: the numbers trial
/// division rejects at once are spread evenly, not all dealt to one worker
/// (with blocks of one number and two workers, one worker would get every
/// even number and finish at once).
pub const BLOCK_QUANTUM: u64 = 30;

/// The largest block. Smaller blocks spread the dearer large numbers more
/// evenly; this keeps each worker's share at least a few dozen blocks.
pub const MAX_BLOCK: u64 = 30 * 1_000;

/// The block size for `limit` numbers over `peers` workers: about 64 blocks
/// per worker, a multiple of [`BLOCK_QUANTUM`], at most [`MAX_BLOCK`].
pub fn block_size(limit: u64, peers: usize) -> u64 {
    let blocks = (peers as u64).max(1) * 64;
    let size = limit.div_ceil(blocks).div_ceil(BLOCK_QUANTUM) * BLOCK_QUANTUM;
    size.clamp(BLOCK_QUANTUM, MAX_BLOCK)
}

// ANCHOR: share
/// The block size for the sieve kernel: about 64 blocks per worker, as
/// for trial division, but up to [`MAX_SIEVE_BLOCK`] numbers long. A sieve
/// costs about the same per number wherever the number is, so there is no
/// dearer end to spread; what a block costs apart from its numbers is
/// finding each sieving prime's first multiple in it, which long blocks
/// make rare.
pub fn sieve_block_size(limit: u64, peers: usize) -> u64 {
    let blocks = (peers as u64).max(1) * 64;
    let size = limit.div_ceil(blocks).div_ceil(BLOCK_QUANTUM) * BLOCK_QUANTUM;
    size.clamp(BLOCK_QUANTUM, MAX_SIEVE_BLOCK)
}

/// The longest block of the sieve kernel: 30 x 2^22, about 1.3 x 10^8
/// numbers.
pub const MAX_SIEVE_BLOCK: u64 = 30 << 22;

/// Worker `index`'s share of `1..=limit` among `peers` workers: the blocks
/// `index`, `index + peers`, `index + 2 peers`, ... Each worker works its
/// share out alone, from three numbers every worker knows: no central queue
/// hands out work, so nothing needs to cross the network before counting
/// starts. Dealing blocks round-robin, rather than one contiguous range per
/// worker, spreads the large numbers (dearer to test) over every worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    /// The last number of the whole range.
    pub limit: u64,
    /// This worker's index among all workers of all processes.
    pub index: usize,
    /// How many workers there are, in all processes together.
    pub peers: usize,
    /// The length of a block ([`block_size`]).
    pub block: u64,
}

impl Share {
    /// Worker `index` of `peers`'s share of `1..=limit`.
    pub fn new(limit: u64, index: usize, peers: usize) -> Self {
        Share {
            limit,
            index,
            peers,
            block: block_size(limit, peers),
        }
    }

    /// The same share with blocks of `kernel`'s size ([`Kernel::share`]).
    pub fn for_kernel(limit: u64, index: usize, peers: usize, kernel: Kernel) -> Self {
        match kernel {
            Kernel::TrialDivision => Share::new(limit, index, peers),
            Kernel::Sieve => Share {
                block: sieve_block_size(limit, peers),
                ..Share::new(limit, index, peers)
            },
        }
    }

    /// The blocks of this share, as `(first, last)` numbers, in increasing
    /// order.
    pub fn blocks(self) -> impl Iterator<Item = (u64, u64)> {
        let Share {
            limit,
            index,
            peers,
            block,
        } = self;
        (index as u64..)
            .step_by(peers.max(1))
            .map(move |k| k.saturating_mul(block).saturating_add(1))
            .take_while(move |&start| start <= limit)
            .map(move |start| (start, limit.min(start + block - 1)))
    }

    /// The numbers of this share, in increasing order.
    pub fn numbers(self) -> impl Iterator<Item = u64> {
        self.blocks().flat_map(|(first, last)| first..=last)
    }
}
// ANCHOR_END: share

/// How a worker counts the primes in its share: trial division (the
/// tutorial's `concurrency_core::is_prime`), or the sieve chapter's
/// segmented sieve on each block ([`chapter_sieve::count_range`]), so that
/// the cost of distributing the work can be seen apart from the cost of the
/// algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Serialize, Deserialize)]
pub enum Kernel {
    /// The tutorial's `is_prime`: trial division by odd numbers up to the
    /// square root.
    #[default]
    TrialDivision,
    /// The sieve chapter's segmented sieve, odd numbers only, one bit each,
    /// over each block of the share (the sieving primes up to sqrt(limit)
    /// made once per worker).
    Sieve,
}

/// One worker's result: what it checked and what it found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partial {
    /// The worker's index among all workers.
    pub worker: usize,
    /// How many numbers it checked.
    pub checked: u64,
    /// How many of them are prime.
    pub primes: u64,
    /// How long counting took, in seconds.
    pub secs: f64,
    /// The primes themselves, when the run asked for the list.
    pub list: Vec<u64>,
}

// ANCHOR: count
impl Kernel {
    /// Worker `index` of `peers`'s share of `1..=limit`, in blocks sized
    /// for this kernel: [`block_size`] or [`sieve_block_size`].
    pub fn share(self, limit: u64, index: usize, peers: usize) -> Share {
        Share::for_kernel(limit, index, peers, self)
    }

    /// The largest `--limit` this kernel takes: trial division's is the
    /// tutorial's 10^10 (minutes on a few cores), the sieve's 10^12.
    pub fn max_limit(self) -> u64 {
        match self {
            Kernel::TrialDivision => concurrency_core::MAX_LIMIT,
            Kernel::Sieve => chapter_sieve::MAX_LIMIT,
        }
    }

    /// Counts the primes of `share`, keeping them when `keep` is set.
    pub fn count(self, share: Share, keep: bool) -> Partial {
        let start = Instant::now();
        let (mut checked, mut primes, mut list) = (0, 0, Vec::new());
        match self {
            Kernel::TrialDivision => {
                for n in share.numbers() {
                    checked += 1;
                    if is_prime(n) {
                        primes += 1;
                        if keep {
                            list.push(n);
                        }
                    }
                }
            }
            Kernel::Sieve => {
                let sieve = RangeSieve::new(share.limit);
                for (first, last) in share.blocks() {
                    checked += last - first + 1;
                    if keep {
                        let found = sieve.primes(first, last);
                        primes += found.len() as u64;
                        list.extend(found);
                    } else {
                        primes += sieve.count(first, last);
                    }
                }
            }
        }
        Partial {
            worker: share.index,
            checked,
            primes,
            secs: start.elapsed().as_secs_f64(),
            list,
        }
    }
}
// ANCHOR_END: count

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_core::known_prime_count;

    #[test]
    fn shares_cover_the_range_exactly_once() {
        for limit in [1, 2, 29, 30, 31, 1_000, 123_457] {
            for peers in 1..=7 {
                let mut all: Vec<u64> = (0..peers).flat_map(|i| Share::new(limit, i, peers).numbers()).collect();
                all.sort_unstable();
                assert_eq!(all, (1..=limit).collect::<Vec<_>>(), "limit {limit}, {peers} peers");
            }
        }
    }

    #[test]
    fn shares_are_balanced_in_size_and_in_evens() {
        let (limit, peers) = (1_000_000, 6);
        let sizes: Vec<u64> = (0..peers)
            .map(|i| Share::new(limit, i, peers).numbers().count() as u64)
            .collect();
        let block = block_size(limit, peers);
        assert!(
            sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= block,
            "{sizes:?}"
        );
        for i in 0..peers {
            let share = Share::new(limit, i, peers);
            let evens = share.numbers().filter(|n| n % 2 == 0).count() as u64;
            assert_eq!(
                evens * 2,
                share.numbers().count() as u64,
                "worker {i} got a skewed share of evens"
            );
        }
    }

    #[test]
    fn the_partials_add_up_to_pi_of_10_to_the_k() {
        for &(limit, expected) in &concurrency_core::PRIME_COUNTS[..5] {
            for peers in [1, 2, 3, 6] {
                let total: u64 = (0..peers)
                    .map(|i| Kernel::TrialDivision.count(Share::new(limit, i, peers), false).primes)
                    .sum();
                assert_eq!(Some(total), known_prime_count(limit));
                assert_eq!(total, expected);
            }
        }
    }

    #[test]
    fn the_sieve_kernel_agrees_with_trial_division() {
        for &(limit, expected) in &concurrency_core::PRIME_COUNTS[..7] {
            for peers in [1, 2, 3, 7] {
                let partials: Vec<Partial> = (0..peers)
                    .map(|i| Kernel::Sieve.count(Kernel::Sieve.share(limit, i, peers), false))
                    .collect();
                assert_eq!(
                    partials.iter().map(|p| p.primes).sum::<u64>(),
                    expected,
                    "{limit}, {peers} peers"
                );
                assert_eq!(partials.iter().map(|p| p.checked).sum::<u64>(), limit);
            }
        }
        for limit in [1, 2, 3, 30, 31, 1_000, 99_991] {
            for peers in [1, 2, 5] {
                let list = |kernel: Kernel| -> Vec<u64> {
                    let mut all: Vec<u64> = (0..peers)
                        .flat_map(|i| kernel.count(kernel.share(limit, i, peers), true).list)
                        .collect();
                    all.sort_unstable();
                    all
                };
                assert_eq!(
                    list(Kernel::Sieve),
                    list(Kernel::TrialDivision),
                    "{limit}, {peers} peers"
                );
            }
        }
    }

    #[test]
    fn sieve_shares_cover_the_range_exactly_once() {
        for limit in [1, 29, 31, 123_457, 10_000_000_007] {
            for peers in 1..=5 {
                let mut blocks: Vec<(u64, u64)> = (0..peers)
                    .flat_map(|i| Kernel::Sieve.share(limit, i, peers).blocks())
                    .collect();
                blocks.sort_unstable();
                assert_eq!(blocks[0].0, 1);
                assert_eq!(blocks.last().unwrap().1, limit);
                assert!(blocks.windows(2).all(|w| w[1].0 == w[0].1 + 1), "{limit}, {peers}");
            }
        }
    }
}
