//! Query expansion with variants, and "did you mean".
