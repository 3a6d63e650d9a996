package graph

//go:generate go tool gqlgen generate

import (
	"github.com/skillgraph/skillgraph/domain"
)

// Resolver is the root resolver: it holds the services resolvers translate calls to.
type Resolver struct {
	Graph    domain.Graph
	Insights domain.Insights
	Extract  domain.Extractor
	Writer   domain.Writer // nil: a read-only server
	Limits   Limits
}

// Limits bound list sizes.
type Limits struct {
	DefaultFirst int // used when first is omitted
	MaxFirst     int // larger first is an error, not a silent cut
}
