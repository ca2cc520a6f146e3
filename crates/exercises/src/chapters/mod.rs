//! One exercise per chapter crate; each chapter's book page ends with it.
//! Check one with `cargo test -p exercises -- chapters::<name>::`.
