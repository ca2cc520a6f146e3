//! Backpressure: a bounded channel slows a fast producer down to the pace
//! of a slow consumer.
//!
//! Task: `pipeline` sends `items` numbers from a producer thread to a
//! consumer thread that takes `consume_delay` per item, and reports the
//! most items ever sent but not yet received. With an unbounded channel
//! the producer runs ahead and everything waits in memory; with a channel
//! of `capacity`, `send` blocks once `capacity` items wait.

pub mod solution;
pub mod starter;
crate::answer_switch!();

#[cfg(test)]
mod tests {
    use super::answer;
    use std::time::Duration;

    #[test]
    fn every_item_arrives_in_order() {
        let report = answer::pipeline(20, 4, Duration::ZERO);
        assert_eq!(report.received, (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn a_slow_consumer_holds_the_producer_back() {
        let capacity = 2;
        let report = answer::pipeline(40, capacity, Duration::from_millis(2));
        assert_eq!(report.received, (0..40).collect::<Vec<_>>());
        // `capacity` in the channel, one in the consumer's hands, one that
        // the producer counted a moment before the consumer did.
        assert!(
            report.most_waiting <= capacity + 2,
            "{} items waited at once, the channel holds {capacity}",
            report.most_waiting
        );
    }
}
