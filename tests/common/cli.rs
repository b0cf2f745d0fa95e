//! The built binary run as the command-line tests run it: UTC, the C locale in UTF-8, no user
//! configuration, and a cache (and data, when a folder is given) of the test's own, never the
//! user's.

use std::path::Path;
use std::process::{Command, Output};

/// `deroule ARGS` in the tests' environment, to be given more before it runs; the cache of
/// validated programmes goes to a folder of this test run.
pub fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deroule"));
    cmd.args(args)
        .env("TZ", "UTC")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("DEROULE_CONFIG", "/nonexistent/deroule-config.yaml")
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join(format!("deroule-tests-{}", std::process::id())),
        );
    cmd
}

/// What `cmd` printed and how it exited.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("run deroule")
}

/// `deroule ARGS`.
pub fn deroule(args: &[&str]) -> Output {
    run(&mut command(args))
}

/// `deroule ARGS` with more environment variables, which replace the tests' own.
pub fn deroule_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = command(args);
    cmd.envs(env.iter().copied());
    run(&mut cmd)
}

/// `deroule ARGS` run in `dir`, with its cache in `dir/cache` and its data (favourites, markers
/// of what was seen) in `dir/data`.
pub fn deroule_in(dir: &Path, args: &[&str]) -> Output {
    run(command(args)
        .current_dir(dir)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("XDG_DATA_HOME", dir.join("data")))
}
