package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v4"
)

// composeOptions are docker compose's project flags.
type composeOptions struct {
	files      []string
	profiles   []string
	envFiles   []string
	name       string
	projectDir string
	services   []string
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func composeCmd(ctx context.Context, args []string, stdout io.Writer) ([]problem, error) {
	fs := flag.NewFlagSet("compose", flag.ContinueOnError)
	var o composeOptions
	fs.Var((*listFlag)(&o.files), "f", "compose file (repeatable)")
	fs.Var((*listFlag)(&o.profiles), "profile", "profile to enable (repeatable)")
	fs.Var((*listFlag)(&o.envFiles), "env-file", "alternate environment file (repeatable)")
	fs.StringVar(&o.name, "p", "", "project name")
	fs.StringVar(&o.projectDir, "project-directory", "", "project directory")
	print := fs.Bool("print", false, "print the loaded project as JSON on stdout")
	if err := fs.Parse(args); err != nil {
		return nil, usageError(err.Error())
	}
	o.services = fs.Args()
	project, probs, err := loadCompose(ctx, o)
	if err != nil || len(probs) > 0 || !*print {
		return probs, err
	}
	out, err := json.MarshalIndent(project, "", "  ")
	if err != nil {
		return nil, err
	}
	_, err = stdout.Write(append(out, '\n'))
	return nil, err
}

// loadCompose loads a project as docker compose's ProjectOptions.ToProject does (docker/compose
// pkg/compose/loader.go: buildProjectOptions, then postProcessProject), so a file passes here exactly
// when `docker compose -f FILE... [SERVICE...]` would accept it. A refusal comes back as problems.
func loadCompose(ctx context.Context, o composeOptions) (*types.Project, []problem, error) {
	fns := []cli.ProjectOptionsFn{cli.WithWorkingDirectory(o.projectDir), cli.WithOsEnv}
	if _, ok := os.LookupEnv("PWD"); !ok {
		if pwd, err := os.Getwd(); err == nil {
			fns = append(fns, cli.WithEnv([]string{"PWD=" + pwd}))
		}
	}
	fns = append(fns,
		cli.WithEnvFiles(o.envFiles...),
		cli.WithDotEnv,
		cli.WithConfigFileEnv,
		cli.WithDefaultConfigPath,
		cli.WithEnvFiles(o.envFiles...),
		cli.WithDotEnv,
		cli.WithDefaultProfiles(o.profiles...),
		cli.WithName(o.name),
	)
	files := o.files
	refuse := func(err error) (*types.Project, []problem, error) {
		var probs []problem
		for _, msg := range leafMessages(err) {
			probs = append(probs, locate(files, msg))
		}
		return nil, probs, nil
	}
	po, err := cli.NewProjectOptions(o.files, fns...)
	if err != nil {
		return refuse(err)
	}
	files = po.ConfigPaths // with no -f: the one docker compose finds (COMPOSE_FILE, compose.yaml, ...)
	project, err := po.LoadProject(ctx)
	if err != nil {
		return refuse(err)
	}
	if project.Name == "" {
		return refuse(errors.New("project name can't be empty. Use ProjectName option to set a valid name"))
	}
	if project, err = project.WithServicesEnabled(o.services...); err != nil {
		return refuse(err)
	}
	if project, err = project.WithSelectedServices(o.services); err != nil {
		return refuse(err)
	}
	return project.WithoutUnnecessaryResources(), nil, nil
}

// leafMessages splits joined errors (compose-go reports every failed interpolation at once) into one
// message each, keeping the prefix of any error that wraps them.
func leafMessages(err error) []string {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []string
		for _, e := range j.Unwrap() {
			out = append(out, leafMessages(e)...)
		}
		return out
	}
	if inner := errors.Unwrap(err); inner != nil {
		if subs := leafMessages(inner); len(subs) > 1 {
			prefix := strings.TrimSuffix(err.Error(), inner.Error())
			for i := range subs {
				subs[i] = prefix + subs[i]
			}
			return subs
		}
	}
	return []string{err.Error()}
}

var (
	reParse     = regexp.MustCompile(`^(?:failed to parse (\S+?): )?.*?(?:\bline |\bat L)(\d+)`)
	reValidate  = regexp.MustCompile(`^validating (\S+?): (\S+)`)
	reInterp    = regexp.MustCompile(`^(?:error while interpolating|invalid interpolation format for) (\S+?)[.:]?(?:\s|$)`)
	reService   = regexp.MustCompile(`service "([^"]+)"`)
	reAdditonal = regexp.MustCompile(`additional propert(?:y|ies) '([^']+)'`)
)

// locate turns a compose-go message into a problem at the file and line it is about: compose-go names
// the config path (services.k6.environment.X) but no line, so the path is found in the files' YAML.
func locate(files []string, msg string) problem {
	if m := reParse.FindStringSubmatch(msg); m != nil && (m[1] != "" || strings.Contains(msg, "yaml")) {
		line, _ := strconv.Atoi(m[2])
		file := m[1]
		if file == "" { // the name probe before loading reports no file: the first one YAML refuses
			file = unparsable(files)
		}
		return problem{rel(file), line, msg}
	}
	var named, path string
	if m := reValidate.FindStringSubmatch(msg); m != nil {
		named, path = m[1], m[2]
	} else if m := reInterp.FindStringSubmatch(msg); m != nil {
		path = m[1]
	} else if m := reService.FindStringSubmatch(msg); m != nil {
		path = "services." + m[1]
	}
	if path != "" {
		var extra string
		if m := reAdditonal.FindStringSubmatch(msg); m != nil {
			extra = m[1]
		}
		if file, line := findPath(files, named, path, extra); line > 0 {
			return problem{rel(file), line, msg}
		}
	}
	file := named
	if file == "" && len(files) > 0 {
		file = files[len(files)-1]
	}
	return problem{rel(file), 0, msg}
}

func unparsable(files []string) string {
	for _, f := range files {
		dt, err := os.ReadFile(f)
		var n yaml.Node
		if err != nil || yaml.Unmarshal(dt, &n) != nil {
			return f
		}
	}
	return files[len(files)-1]
}

// findPath finds a dotted config path in the compose files: the named one first, then the others, last
// file first (later files override earlier ones); among several, one whose value holds a `$`
// (interpolation errors do not say which file). extra names a key under the path (an unknown property).
func findPath(files []string, named, path, extra string) (string, int) {
	segs := strings.Split(path, ".")
	if extra != "" {
		segs = append(segs, extra)
	}
	order := make([]string, 0, len(files))
	for i := len(files) - 1; i >= 0; i-- {
		order = append(order, files[i])
	}
	var fallbackFile string
	var fallbackLine int
	for _, f := range order {
		abs, _ := filepath.Abs(f)
		dt, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		var doc yaml.Node
		if yaml.Unmarshal(dt, &doc) != nil {
			continue
		}
		n, line := walk(&doc, segs)
		if n == nil {
			continue
		}
		if abs == named || hasDollar(n) {
			return f, line
		}
		if fallbackLine == 0 {
			fallbackFile, fallbackLine = f, line
		}
	}
	return fallbackFile, fallbackLine
}

// walk follows path segments through a YAML tree; a mapping key may hold dots (labels, env names), so a
// key can take several segments. It returns the node and the line of the key that names it.
func walk(n *yaml.Node, segs []string) (*yaml.Node, int) {
	for n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if len(segs) == 0 {
		return n, n.Line
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			for j := 1; j <= len(segs); j++ {
				if strings.Join(segs[:j], ".") != key.Value {
					continue
				}
				if j == len(segs) {
					return val, key.Line
				}
				if v, line := walk(val, segs[j:]); v != nil {
					return v, line
				}
			}
		}
	case yaml.SequenceNode:
		if idx, err := strconv.Atoi(segs[0]); err == nil && idx < len(n.Content) {
			return walk(n.Content[idx], segs[1:])
		}
		if segs[0] == "[]" || segs[0] == "*" { // compose-go's "any item" in interpolation paths
			var first *yaml.Node
			var firstLine int
			for _, item := range n.Content {
				v, line := walk(item, segs[1:])
				if v != nil && hasDollar(v) {
					return v, line
				}
				if v != nil && first == nil {
					first, firstLine = v, line
				}
			}
			return first, firstLine
		}
	}
	return nil, 0
}

func hasDollar(n *yaml.Node) bool {
	if n.Kind == yaml.ScalarNode {
		return strings.Contains(n.Value, "$")
	}
	for _, c := range n.Content {
		if hasDollar(c) {
			return true
		}
	}
	return false
}
