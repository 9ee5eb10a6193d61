// ci-files-check checks the files this project ships for runtimes its own machines cannot run (no image
// registry, no GitHub runner, no k6 build here), with the real tools' own libraries at pinned versions:
//
//   - compose files: loaded exactly as `docker compose` loads them (compose-go v2.14.0 with go.yaml.in/yaml/v4
//     v4.0.0-rc.6, the pair docker compose v5.5.0 builds with, in docker compose's own option order: schema
//     validation, interpolation from the process environment and ./.env, profiles, explicitly named services
//     enabled, project name and directory);
//   - GitHub workflows: actionlint v1.7.12's linter (syntax, expressions, action inputs, job graph), with its shellcheck
//     integration when shellcheck is on PATH (scripts/setup.sh installs it), run by ./workflow-lint, a module of
//     its own (see there why);
//   - Dockerfiles (every `build.dockerfile` the compose files name): BuildKit v0.34.2's Dockerfile frontend lint, the
//     check `docker build --check` runs. Base images are not pulled (no registry here): each FROM resolves to
//     an offline stand-in of the requested platform with a standard PATH, so checks that need a real image's
//     config (its own ENV, its platform list) are not made.
//
// Every problem is one line, FILE:LINE: message. Exit 0 when everything passes, 1 on problems, 2 when it cannot
// check (usage, workflow-lint missing).
//
//	ci-files-check [-C DIR]          the set the project ships and documents (DIR: the repository root, default .)
//	ci-files-check compose [--print] [-p NAME] [--project-directory DIR] [--env-file FILE]... [--profile P]... [-f FILE]... [SERVICE...]
//	                                 one `docker compose -f ... [SERVICE...]` load; --print: the loaded project as JSON
//	ci-files-check workflow FILE...
//	ci-files-check dockerfile FILE...
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// problem is one finding, printed as FILE:LINE: message (LINE omitted when unknown).
type problem struct {
	file string
	line int
	msg  string
}

func (p problem) String() string {
	msg := strings.Join(strings.Fields(p.msg), " ") // one line, whatever the library put in
	if p.line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.file, p.line, msg)
	}
	return fmt.Sprintf("%s: %s", p.file, msg)
}

// composeRun is one documented `docker compose` invocation of the shipped files.
type composeRun struct {
	files    []string
	profiles []string
	services []string
}

// shipped lists the compose invocations the README and the files' own headers document.
var shipped = []composeRun{
	{files: []string{"docker-compose.yml"}}, // docker compose up -d --wait
	{files: []string{"docker-compose.yml", "chaos/docker-compose.chaos.yml"}, profiles: []string{"chaos"}}, // + Pumba
	{files: []string{"docker-compose.k6.yml"}, services: []string{"k6"}},                                   // build/run k6
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	ctx := context.Background()
	var probs []problem
	var summary string
	var err error
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "compose":
			probs, err = composeCmd(ctx, args[1:], stdout)
			summary = "compose project loaded"
		case "workflow":
			var shellcheck bool
			probs, shellcheck, err = lintWorkflows(args[1:], "")
			summary = fmt.Sprintf("%d workflow(s) pass actionlint (%s)", len(args)-1, shellcheckNote(shellcheck))
		case "dockerfile":
			if len(args) == 1 {
				err = usageError("dockerfile: " + errNoFiles.Error())
				break
			}
			probs, err = lintDockerfiles(ctx, args[1:])
			summary = fmt.Sprintf("%d Dockerfile(s) pass the BuildKit lint", len(args)-1)
		default:
			err = usageError(fmt.Sprintf("unknown command %q (compose, workflow, dockerfile, or none for the shipped set)", args[0]))
		}
	} else {
		probs, summary, err = checkShipped(ctx, args)
	}
	if err != nil {
		fmt.Fprintf(stderr, "ci-files-check: %v\n", err)
		return 2
	}
	for _, p := range probs {
		fmt.Fprintln(stderr, p)
	}
	if len(probs) > 0 {
		fmt.Fprintf(stderr, "ci-files-check: %d problem(s)\n", len(probs))
		return 1
	}
	fmt.Fprintf(stderr, "ci-files-check: OK: %s\n", summary)
	return 0
}

type usageError string

func (e usageError) Error() string { return string(e) }

// checkShipped runs every check over the repository's shipped files.
func checkShipped(ctx context.Context, args []string) ([]problem, string, error) {
	fs := flag.NewFlagSet("ci-files-check", flag.ContinueOnError)
	dir := fs.String("C", ".", "the repository root")
	if err := fs.Parse(args); err != nil {
		return nil, "", usageError(err.Error())
	}
	if err := os.Chdir(*dir); err != nil {
		return nil, "", err
	}
	var probs []problem
	dockerfiles := map[string]bool{}
	var order []string
	for _, r := range shipped {
		project, ps, err := loadCompose(ctx, composeOptions{files: r.files, profiles: r.profiles, services: r.services})
		if err != nil {
			return nil, "", err
		}
		probs = append(probs, ps...)
		if project == nil {
			continue
		}
		for _, name := range project.ServiceNames() {
			b := project.Services[name].Build
			if b == nil || b.Dockerfile == "" || b.DockerfileInline != "" {
				continue
			}
			f := b.Dockerfile
			if !filepath.IsAbs(f) {
				f = filepath.Join(b.Context, f)
			}
			if !dockerfiles[f] {
				dockerfiles[f] = true
				order = append(order, f)
			}
		}
	}
	workflows, _ := filepath.Glob(".github/workflows/*.yml")
	more, _ := filepath.Glob(".github/workflows/*.yaml")
	workflows = append(workflows, more...)
	ps, shellcheck, err := lintWorkflows(workflows, ".")
	if err != nil {
		return nil, "", err
	}
	probs = append(probs, ps...)
	ps, err = lintDockerfiles(ctx, order)
	if err != nil {
		return nil, "", err
	}
	probs = append(probs, ps...)
	summary := fmt.Sprintf("%d compose loads, %d workflow(s) (%s), %d Dockerfile(s)", len(shipped), len(workflows), shellcheckNote(shellcheck), len(order))
	return probs, summary, nil
}

// rel shows a path relative to the working directory when it is inside it.
func rel(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if r, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}

var errNoFiles = errors.New("no files given")
