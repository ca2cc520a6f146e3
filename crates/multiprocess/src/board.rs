//! The board every talking thread reads: which work is waiting, which is
//! out with a worker, and what came back from a dead one.
//!
//! Only an acknowledged task counts. When a worker dies, its task goes back
//! on the board for another worker, and whatever the dead worker did for it
//! is forgotten: so no number is lost, and none is counted twice.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use concurrency_core::NumberQueue;

use crate::task::Task;

/// Where the tasks come from.
pub enum Source {
    /// One number at a time from the parent's queue.
    Numbers(NumberQueue),
    /// Tasks taken in order by whichever worker asks.
    Tasks(VecDeque<Task>),
}

/// The work, behind the board's one lock.
struct Work {
    /// SIMPLE: each worker's own chunk, given before anything else.
    own: Vec<Option<Task>>,
    source: Source,
    /// Tasks given back by dead workers: served first.
    retry: VecDeque<Task>,
    /// Tasks sent and not yet acknowledged or given back.
    out: usize,
}

impl Work {
    fn next(&mut self, index: usize) -> Option<Task> {
        if let Some(own) = self.own.get_mut(index).and_then(Option::take) {
            return Some(own);
        }
        if let Some(task) = self.retry.pop_front() {
            return Some(task);
        }
        match &mut self.source {
            Source::Numbers(queue) => queue.pop().map(Task::Number),
            Source::Tasks(tasks) => tasks.pop_front(),
        }
    }
}

// ANCHOR: board
/// The work of one run, shared by the threads that talk to the workers.
pub(crate) struct Board {
    work: Mutex<Work>,
    changed: Condvar,
}

impl Board {
    /// The next task for worker `index`; waits while none is free but some
    /// are out (a worker holding one may die and give it back); `None` once
    /// all the work is acknowledged.
    pub(crate) fn take(&self, index: usize) -> Option<Task> {
        let mut work = self.lock();
        loop {
            if let Some(task) = work.next(index) {
                work.out += 1;
                return Some(task);
            }
            // Done only when nothing is out *and* no worker's own chunk is
            // still waiting (SIMPLE): a late worker may yet take its chunk
            // and die, and then someone must be left to take it over.
            if work.out == 0 && work.own.iter().all(Option::is_none) {
                return None;
            }
            work = self.changed.wait(work).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// A task came back acknowledged: it counts.
    pub(crate) fn acknowledged(&self) {
        self.lock().out -= 1;
        self.changed.notify_all();
    }

    /// Puts a dead worker's task back, cut into `parts` pieces (see
    /// [`Task::split`]).
    pub(crate) fn give_back(&self, task: Task, parts: usize) {
        let mut work = self.lock();
        work.retry.extend(task.split(parts));
        work.out -= 1;
        drop(work);
        self.changed.notify_all();
    }
}
// ANCHOR_END: board

impl Board {
    /// A board where worker `i` takes `own[i]` first (SIMPLE), then
    /// everyone takes from `source`.
    pub(crate) fn new(own: Vec<Option<Task>>, source: Source) -> Self {
        let work = Work {
            own,
            source,
            retry: VecDeque::new(),
            out: 0,
        };
        Board {
            work: Mutex::new(work),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Work> {
        self.work.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Moves worker `index`'s own chunk, if it still has one, to the retry
    /// queue: for a slot that has no thread talking to it.
    pub(crate) fn release_own(&self, index: usize) {
        let mut work = self.lock();
        if let Some(task) = work.own.get_mut(index).and_then(Option::take) {
            work.retry.push_back(task);
        }
        drop(work);
        self.changed.notify_all();
    }

    /// How many tasks were never done: 0 after a run that ended well.
    pub(crate) fn unfinished(&self) -> usize {
        let work = self.lock();
        let waiting = match &work.source {
            Source::Numbers(queue) => queue.remaining() as usize,
            Source::Tasks(tasks) => tasks.len(),
        };
        waiting + work.retry.len() + work.own.iter().flatten().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_back_task_is_served_first_and_the_board_empties() {
        let board = Board::new(
            vec![Some(Task::Range(1..=4)), None],
            Source::Numbers(NumberQueue::new(6)),
        );
        // Worker 0 takes its own chunk; worker 1 the queue's first number.
        assert_eq!(board.take(0), Some(Task::Range(1..=4)));
        assert_eq!(board.take(1), Some(Task::Number(1)));
        // Worker 0 dies: its chunk comes back in two pieces, served first.
        board.give_back(Task::Range(1..=4), 2);
        assert_eq!(board.take(1), Some(Task::Range(1..=2)));
        assert_eq!(board.take(1), Some(Task::Range(3..=4)));
        for _ in 0..3 {
            board.acknowledged();
        }
        let mut rest = Vec::new();
        while let Some(task) = board.take(1) {
            board.acknowledged();
            rest.push(task);
        }
        assert_eq!(rest.len(), 5, "numbers 2 to 6: {rest:?}");
        assert_eq!(board.unfinished(), 0);
    }

    #[test]
    fn an_own_chunk_without_a_thread_goes_to_the_others() {
        let board = Board::new(vec![None, Some(Task::Range(5..=9))], Source::Tasks(VecDeque::new()));
        assert_eq!(board.unfinished(), 1);
        board.release_own(1);
        assert_eq!(board.take(0), Some(Task::Range(5..=9)));
        board.acknowledged();
        assert_eq!(board.take(0), None);
    }
}
