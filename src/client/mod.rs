//! The typed HTTP client. (Being built: see issue 3.)
