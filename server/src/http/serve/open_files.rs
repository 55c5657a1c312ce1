//! The open-file limit, and the connection cap that fits it.

#[allow(unused_imports)]
use super::*;

/// Raises the soft open-file limit to the hard one; returns the limit now in force.
#[cfg(unix)]
pub fn raise_open_file_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct we pass.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    if limit.rlim_cur < limit.rlim_max {
        let raised = libc::rlimit {
            rlim_cur: limit.rlim_max,
            rlim_max: limit.rlim_max,
        };
        // SAFETY: setrlimit only reads the struct we pass.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            limit = raised;
        }
    }
    #[allow(clippy::unnecessary_cast)] // rlim_t is u64 on Linux, not everywhere
    let current = limit.rlim_cur as u64;
    Some(current)
}

#[cfg(not(unix))]
pub fn raise_open_file_limit() -> Option<u64> {
    None
}

/// The connection cap that fits in `open_files`, with room for everything else.
pub fn fit_connection_cap(wanted: usize, open_files: Option<u64>) -> usize {
    let Some(files) = open_files.and_then(|f| usize::try_from(f).ok()) else {
        return wanted;
    };
    wanted.min(files.saturating_sub(RESERVED_FILES).max(16))
}
