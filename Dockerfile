# skillgraph API: a static binary on a distroless base, run as non-root.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/skillgraph .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/skillgraph /skillgraph
USER nonroot:nonroot
ENV PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --retries=3 CMD ["/skillgraph", "healthcheck"]
ENTRYPOINT ["/skillgraph"]
CMD ["serve"]
