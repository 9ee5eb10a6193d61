package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/solver/pb"
	"github.com/opencontainers/go-digest"
)

// lintDockerfiles runs the lint `docker build --check` runs (BuildKit's dockerfile2llb.DockerfileLint,
// every stage, the file's own `# check=` directive); any warning or error is a problem, as --check
// fails on them.
func lintDockerfiles(ctx context.Context, files []string) ([]problem, error) {
	var probs []problem
	for _, f := range files {
		dt, err := os.ReadFile(f)
		if err != nil {
			probs = append(probs, problem{rel(f), 0, err.Error()})
			continue
		}
		source := llb.NewSourceMap(nil, f, "Dockerfile", dt)
		source.Definition = &llb.Definition{} // the build context's LLB: none, nothing is built
		res, err := dockerfile2llb.DockerfileLint(ctx, dt, dockerfile2llb.ConvertOpt{
			SourceMap:    source,
			MetaResolver: offlineImages{},
		})
		if err != nil {
			return nil, err
		}
		for _, w := range res.Warnings {
			msg := fmt.Sprintf("%s: %s", w.RuleName, w.Detail)
			if w.URL != "" {
				msg += " (" + w.URL + ")"
			}
			probs = append(probs, problem{rel(f), firstLine(w.Location.GetRanges()), msg})
		}
		if res.Error != nil {
			probs = append(probs, problem{rel(f), firstLine(res.Error.Location.GetRanges()), res.Error.Message})
		}
	}
	return probs, nil
}

func firstLine(ranges []*pb.Range) int {
	if len(ranges) == 0 {
		return 0
	}
	return int(ranges[0].GetStart().GetLine())
}

// offlineImages stands in for the registry: every base image is a non-empty image of the platform asked
// for, with the PATH official images set, so the lint runs without pulling anything.
type offlineImages struct{}

func (offlineImages) ResolveImageConfig(_ context.Context, ref string, opt sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	img := map[string]any{
		"rootfs": map[string]any{"type": "layers", "diff_ids": []string{"sha256:" + fmt.Sprintf("%064d", 0)}},
		"config": map[string]any{"Env": []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}},
	}
	if opt.ImageOpt != nil && opt.ImageOpt.Platform != nil {
		p := opt.ImageOpt.Platform
		img["os"], img["architecture"], img["variant"] = p.OS, p.Architecture, p.Variant
	}
	dt, err := json.Marshal(img)
	return ref, "", dt, err
}
