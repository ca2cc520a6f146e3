//! A piece of work for one worker process: a number or a chunk.

use std::fmt;
use std::ops::RangeInclusive;
use std::time::Duration;

use crate::protocol::Request;

/// A piece of work for one worker process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Task {
    /// One number: one round trip.
    Number(u64),
    /// A contiguous chunk.
    Range(RangeInclusive<u64>),
}

impl Task {
    /// The request that asks a worker for this task.
    /// `timeline` asks the worker for a span per number.
    pub fn request(&self, delay: Duration, timeline: bool) -> Request {
        match self {
            Task::Number(n) => Request::Number { n: *n, delay, timeline },
            Task::Range(range) => Request::Range {
                first: *range.start(),
                last: *range.end(),
                delay,
                timeline,
            },
        }
    }

    /// The task cut into at most `parts` contiguous pieces of nearly equal
    /// size. A chunk given back by a dead worker is split among the workers
    /// left: redone whole by one of them, it would double the run's time
    /// (a SIMPLE chunk is a whole worker's share).
    pub fn split(self, parts: usize) -> Vec<Task> {
        let Task::Range(range) = self else {
            return vec![self];
        };
        let (first, last) = (*range.start(), *range.end());
        let len = last - first + 1;
        let parts = (parts.max(1) as u64).min(len);
        let (base, extra) = (len / parts, len % parts);
        let mut start = first;
        (0..parts)
            .map(|i| {
                let size = base + u64::from(i < extra);
                let piece = Task::Range(start..=start + (size - 1));
                start += size;
                piece
            })
            .collect()
    }

    /// The numbers the task covers.
    pub fn numbers(&self) -> RangeInclusive<u64> {
        match self {
            Task::Number(n) => *n..=*n,
            Task::Range(range) => range.clone(),
        }
    }
}

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Task::Number(n) => write!(f, "number {n}"),
            Task::Range(range) => write!(f, "numbers {}..={}", range.start(), range.end()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_back_chunk_is_split_into_contiguous_pieces() {
        let pieces = Task::Range(1001..=1500).split(3);
        assert_eq!(
            pieces,
            [
                Task::Range(1001..=1167),
                Task::Range(1168..=1334),
                Task::Range(1335..=1500)
            ]
        );
        // Never an empty piece, never more pieces than numbers.
        assert_eq!(Task::Range(5..=6).split(4), [Task::Range(5..=5), Task::Range(6..=6)]);
        assert_eq!(Task::Range(7..=9).split(0), [Task::Range(7..=9)]);
        assert_eq!(Task::Number(42).split(3), [Task::Number(42)]);
    }

    #[test]
    fn a_task_asks_for_its_numbers() {
        let delay = Duration::from_millis(5);
        let chunk = Task::Range(10..=20);
        assert_eq!(chunk.request(delay, false).numbers(), chunk.numbers());
        assert_eq!(
            Task::Number(7).request(delay, true),
            Request::Number {
                n: 7,
                delay,
                timeline: true
            }
        );
        assert_eq!(chunk.to_string(), "numbers 10..=20");
    }
}
