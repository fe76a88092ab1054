# syntax=docker/dockerfile:1
# chitieu: built with cgo (mattn/go-sqlite3), run on a distroless glibc image as a non-root user.
# By default it serves the demo plan from a database in the /data volume:
#   docker build -t chitieu \
#     --build-arg VERSION="$(git describe --tags --always --dirty)" \
#     --build-arg REVISION="$(git rev-parse HEAD)" . \
#   && docker run -p 127.0.0.1:8080:8080 -v chitieu-data:/data chitieu
# VERSION and REVISION become chitieu_build_info's labels and `chitieu version`: the build
# context has no .git (.dockerignore), so Go cannot record the revision itself.

FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG REVISION=unknown
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w -X main.version=${VERSION} -X main.buildRevision=${REVISION}" -o /out/chitieu ./cmd/chitieu \
 && mkdir /out/data

# The runtime image has no shell; busybox's static wget serves the health check.
FROM busybox:1.37.0-musl AS busybox

# debian12 matches the builder's glibc.
FROM gcr.io/distroless/base-debian12:nonroot
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.version=${VERSION} org.opencontainers.image.revision=${REVISION}
COPY --from=build /out/chitieu /usr/local/bin/chitieu
COPY --from=busybox /bin/wget /usr/local/bin/wget
# A named volume mounted here starts with this folder's owner: the nonroot user.
COPY --from=build --chown=65532:65532 /out/data /data
VOLUME /data
EXPOSE 8080
USER 65532:65532
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
  CMD ["/usr/local/bin/wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/readyz"]
ENTRYPOINT ["/usr/local/bin/chitieu"]
CMD ["serve", "--demo", "--addr", ":8080", "--db", "/data/chitieu.db"]
