# skillgraph: the two commands a new user needs are `make run` and `make test`.
.PHONY: run test neo4j neo4j-stop seed build generate check-generate clean

run: ## start Neo4j if NEO4J_URI is unset, seed it, serve the API and playground on :8080
	scripts/run.sh

test: ## vet and test everything against a real (throwaway) Neo4j
	scripts/test.sh

neo4j: ## start the development Neo4j in the background (NEO4J_PORT, default 7687)
	@tools/neo4j/neo4j.sh start

neo4j-stop: ## stop the development Neo4j cleanly
	@tools/neo4j/neo4j.sh stop

seed: build ## load the curated seed into NEO4J_URI (idempotent)
	bin/skillgraph seed

build:
	go build -o bin/skillgraph .

generate: ## regenerate gqlgen code from schema/*.graphqls
	go generate ./...

check-generate: ## fail when generated code is stale
	go generate ./...
	@git diff --exit-code -- graph/ || (echo "generated code is stale: run make generate and commit" >&2; exit 1)
	@test -z "$$(git status --porcelain -- graph/)" || (git status --porcelain -- graph/; echo "generated code is stale: run make generate and commit" >&2; exit 1)

clean:
	rm -rf bin tools/neo4j/target
