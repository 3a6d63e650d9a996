package graph

// DirectAnswers is how many requests direct execution answered so far.
func DirectAnswers() int64 { return directAnswers.Load() }
