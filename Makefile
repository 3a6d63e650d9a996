# skillgraph: the two commands a new user needs are `make run` and `make test`.
.PHONY: run test web check-web eval neo4j neo4j-stop seed import-onet import-esco bench bench-import bench-insights bench-lists bench-hostile bench-scale build generate check check-generate check-format check-containers clean

run: ## start Neo4j if NEO4J_URI is unset, seed it, serve the API and playground on :8080
	scripts/run.sh

test: ## vet and test everything against a real (throwaway) Neo4j
	scripts/test.sh

eval: ## measure the ranked answers against ground truth on seed + O*NET (throwaway Neo4j unless NEO4J_URI); writes eval/RESULTS.md
	scripts/with-neo4j.sh go test -tags eval -count=1 -run '^TestEval$$' -timeout 30m ./eval/

neo4j: ## start the development Neo4j in the background (NEO4J_PORT, default 7687)
	@tools/neo4j/neo4j.sh start

neo4j-stop: ## stop the development Neo4j cleanly
	@tools/neo4j/neo4j.sh stop

seed: build ## load the curated seed into NEO4J_URI (idempotent)
	bin/skillgraph seed

ONET_DIR ?= data/onet-29.2
ONET_SKILLS_DIR ?= data/onet-29.0-skills-knowledge

import-onet: build ## import the O*NET release in ONET_DIR (default: the committed 29.2 release, data/onet-29.2) with the Skills and Knowledge in ONET_SKILLS_DIR into NEO4J_URI
	bin/skillgraph import onet "$(ONET_DIR)" -skills "$(ONET_SKILLS_DIR)"

ESCO_PATH ?= data/esco-1.1.1

import-esco: build ## import the ESCO release in ESCO_PATH (default: the committed 1.1.1 zips, data/esco-1.1.1) into NEO4J_URI
	bin/skillgraph import esco "$(ESCO_PATH)"

BENCH_FLAGS ?=

bench: build ## skillgraph vs the Neo4j GraphQL Library vs hand-written Cypher on seed + O*NET (throwaway Neo4j unless NEO4J_URI); writes bench/RESULTS.md
	scripts/with-neo4j.sh go run ./bench -onet "$(ONET_DIR)" -out bench/RESULTS.md $(BENCH_FLAGS)

bench-import: ## time the O*NET (with skills and knowledge) and ESCO imports into a fresh, empty development Neo4j, and a re-import
	scripts/bench-import.sh "$(ONET_DIR)" 3 "$(ONET_SKILLS_DIR)" "$(ESCO_PATH)"

bench-insights: ## p50/p99 of the graph-intelligence queries and the extraction dictionary's memory on the whole graph make run builds (seed, O*NET with skills, ESCO; throwaway Neo4j unless NEO4J_URI)
	scripts/with-neo4j.sh sh -c "go test -run '^$$' -bench 'Insights/(similarRoles|roleMatches|careerPath|skillAdjacency|search|extractSkills)' -benchtime 1000x . && go test -run '^$$' -bench 'Insights/(neighborhood|stats)' -benchtime 100x ."

bench-lists: ## latency and round trips of nested, filtered list queries on the seed (throwaway Neo4j unless NEO4J_URI)
	scripts/with-neo4j.sh go test -run '^$$' -bench NestedLists -benchtime 300x ./graph/

bench-hostile: ## normal traffic's p99 and the server's peak RSS, alone and with 5 % hostile requests (throwaway Neo4j unless NEO4J_URI; ONET_DIR= for the seed alone)
	ONET_DIR="$(ONET_DIR)" scripts/bench-hostile.sh $(HOSTILE_FLAGS)

SCALES ?= 1 3 10

bench-scale: ## how the cost grows with the data: for each factor in SCALES (default "1 3 10"), a fresh Neo4j of its own with seed + O*NET + ESCO (synthetic releases beyond 1x, package synth), import time and memory, p50/p99 of each operation; writes its section of bench/RESULTS.md. About 30 min for the default SCALES on 2 idle cores (estimated: 3 at 1x, 6 at 3x, 20 at 10x), two to three times that on a busy machine; BENCH_SCALE_N requests per operation (default 200); NEO4J_HEAP (default 1g; 2g for 10x)
	SCALES="$(SCALES)" go test -run '^$$' -bench '^BenchmarkScale$$' -benchtime 1x -timeout 0 ./bench/

build:
	go build -o bin/skillgraph .

web: ## rebuild the playground and the explorer (web/src, npm packages pinned in web/package-lock.json) into web/dist, which the binary embeds; commit the result
	cd web && npm ci --no-audit --no-fund --loglevel=error && node build.mjs

check-web: ## fail when web/dist differs from what `make web` builds
	scripts/check-web.sh

generate: ## regenerate the relationships' plumbing (schema/graph.generated.graphqls, from schema/relationships.graphql), the model's accessors and relationship methods (domain/*.generated.go), the where and orderBy inputs' readers (graph/filters.generated.go, graph/generated/arguments.modelgen.go) and gqlgen's code
	go generate ./...

check-generate: ## fail when generated code is stale
	scripts/check-generate.sh

check: check-format check-generate check-containers check-web ## static checks CI runs before the tests

check-format:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt would change these files" >&2; exit 1)

check-containers: ## validate docker-compose.yml and build the binary as the Dockerfile does
	scripts/check-containers.sh

clean:
	rm -rf bin tools/neo4j/target
