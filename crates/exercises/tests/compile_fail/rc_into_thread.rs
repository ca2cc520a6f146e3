// An `Rc` moved into `thread::spawn`: its reference count is not atomic,
// so `Rc` is not `Send`, and the closure that holds it is not either.
use std::rc::Rc;
use std::thread;

fn main() {
    let values = Rc::new(vec![1u64, 2, 3]);
    let shared = Rc::clone(&values);
    let handle = thread::spawn(move || shared.iter().sum::<u64>());
    println!("{}", handle.join().unwrap() + values.len() as u64);
}
