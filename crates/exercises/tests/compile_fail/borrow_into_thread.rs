// A borrow into a thread that is not scoped: `thread::spawn` needs a
// closure that is `'static`, and `numbers` may be gone before the thread is.
use std::thread;

fn main() {
    let numbers = vec![2u64, 3, 5, 7];
    let handle = thread::spawn(|| numbers.iter().sum::<u64>());
    println!("{}", handle.join().unwrap());
}
