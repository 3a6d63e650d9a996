package store

// LuceneQuery is luceneQuery, for tests that rank by hand.
var LuceneQuery = luceneQuery
