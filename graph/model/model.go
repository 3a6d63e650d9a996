// Package model holds GraphQL-only types that gqlgen generates (models_gen.go). Most GraphQL
// types bind directly to package domain (see gqlgen.yml).
package model
