// Package surface is the part of the Docker Go SDK that grafana/xk6-docker v0.2.0 compiles against,
// restated as typed calls (its containers.go, images.go, networks.go, volumes.go at the v0.2.0 tag).
// test/conformance/xk6-module-graph.test.ts type-checks it against the github.com/docker/docker
// version Go's module resolution selects for xk6.Dockerfile's build: when this package does not
// compile, neither does the k6 binary. Nothing here is built into anything.
package surface

import (
	"context"
	"io"

	"github.com/docker/docker/api/types"
	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/filters"
	volumetypes "github.com/docker/docker/api/types/volume"
	"github.com/docker/docker/client"
)

func clientFromEnv() (*client.Client, error) { return client.NewClientWithOpts(client.FromEnv) }

func containers(ctx context.Context, c *client.Client, id string, timeout *int) {
	var list []types.Container
	list, _ = c.ContainerList(ctx, types.ContainerListOptions{})
	_ = list
	_ = c.ContainerStart(ctx, id, types.ContainerStartOptions{})
	_ = c.ContainerStop(ctx, id, container.StopOptions{Timeout: timeout})
	_ = c.ContainerPause(ctx, id)
	_ = c.ContainerUnpause(ctx, id)
	var logs io.ReadCloser
	logs, _ = c.ContainerLogs(ctx, id, types.ContainerLogsOptions{})
	_ = logs
	var inspected types.ContainerJSON
	inspected, _ = c.ContainerInspect(ctx, id)
	_ = inspected
	created, _ := c.ContainerExecCreate(ctx, id, types.ExecConfig{})
	_ = c.ContainerExecStart(ctx, created.ID, types.ExecStartCheck{})
}

func images(ctx context.Context, c *client.Client, ref string) {
	var list []types.ImageSummary
	list, _ = c.ImageList(ctx, types.ImageListOptions{})
	_ = list
	var pulled io.ReadCloser
	pulled, _ = c.ImagePull(ctx, ref, types.ImagePullOptions{})
	_ = pulled
	var removed []types.ImageDeleteResponseItem
	removed, _ = c.ImageRemove(ctx, ref, types.ImageRemoveOptions{})
	_ = removed
	var inspected types.ImageInspect
	inspected, _, _ = c.ImageInspectWithRaw(ctx, ref)
	_ = inspected
}

func networks(ctx context.Context, c *client.Client, name string) {
	var list []types.NetworkResource
	list, _ = c.NetworkList(ctx, types.NetworkListOptions{})
	_ = list
	var created types.NetworkCreateResponse
	created, _ = c.NetworkCreate(ctx, name, types.NetworkCreate{})
	_ = created
	_ = c.NetworkRemove(ctx, name)
}

func volumes(ctx context.Context, c *client.Client, name string) {
	var created types.Volume
	created, _ = c.VolumeCreate(ctx, volumetypes.VolumeCreateBody{})
	_ = created
	var list volumetypes.VolumeListOKBody
	list, _ = c.VolumeList(ctx, filters.Args{})
	_ = list
	_ = c.VolumeRemove(ctx, name, false)
}

var _ = []any{clientFromEnv, containers, images, networks, volumes}
