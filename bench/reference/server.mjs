// The reference for make bench: the Neo4j GraphQL Library (@neo4j/graphql, pinned in
// package-lock.json) over the same Neo4j, labels and relationship types as skillgraph,
// served by Apollo Server's standalone HTTP server. Usage: node server.mjs PORT NEO4J_URI
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import neo4j from 'neo4j-driver';

const [port, uri] = process.argv.slice(2);
if (!port || !uri) {
  console.error('usage: node server.mjs PORT NEO4J_URI');
  process.exit(2);
}

// The same data skillgraph serves: the four kinds, their properties, and the relationships
// with their properties. Read-only, as the benchmark only reads.
const typeDefs = /* GraphQL */ `
  type Role @node @mutation(operations: []) @fulltext(indexes: [{ indexName: "node_search", queryName: "roleSearch", fields: ["name", "description"] }]) {
    id: ID!
    name: String!
    description: String
    jobZone: Int
    source: String
    skills: [Skill!]! @relationship(type: "REQUIRES", direction: OUT, properties: "Requires")
    technologies: [Technology!]! @relationship(type: "USES", direction: OUT, properties: "Uses")
    industries: [Industry!]! @relationship(type: "IN_INDUSTRY", direction: OUT)
    relatedRoles: [Role!]! @relationship(type: "RELATED_TO", direction: OUT, properties: "RelatedRole")
    nextRoles: [Role!]! @relationship(type: "LEADS_TO", direction: OUT)
  }

  type Skill @node @mutation(operations: []) {
    id: ID!
    name: String!
    description: String
    category: String
    roles: [Role!]! @relationship(type: "REQUIRES", direction: IN, properties: "Requires")
  }

  type Technology @node @mutation(operations: []) {
    id: ID!
    name: String!
    description: String
    category: String
    roles: [Role!]! @relationship(type: "USES", direction: IN, properties: "Uses")
  }

  type Industry @node @mutation(operations: []) {
    id: ID!
    name: String!
    roles: [Role!]! @relationship(type: "IN_INDUSTRY", direction: IN)
  }

  type Requires @relationshipProperties {
    importance: Int
    essential: Boolean
  }

  type Uses @relationshipProperties {
    importance: Int
    hot: Boolean
    inDemand: Boolean
  }

  type RelatedRole @relationshipProperties {
    tier: String
    rank: Int
  }
`;

const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'unused'), { maxConnectionPoolSize: 64 });
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema, introspection: true });
const { url } = await startStandaloneServer(server, { listen: { port: Number(port), host: '127.0.0.1' } });
console.log(url);
