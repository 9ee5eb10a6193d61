// workflow-lint runs actionlint v1.7.12's linter over GitHub workflow files, with its shellcheck
// integration when shellcheck is on PATH, and prints the problems as JSON for ci-files-check. It is a module
// of its own because actionlint v1.7.12 compiles only against go.yaml.in/yaml/v4 v4.0.0-rc.3, and the
// compose-go that docker compose ships needs a later, incompatible release of it (one build, one version).
//
//	workflow-lint [-root DIR] FILE...   DIR: the repository whose .github/actionlint.yaml configures the run
//
// Prints {"shellcheck": bool, "problems": [{"file","line","message"}...]}; exit 0 (problems or not), 2 on error.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/rhysd/actionlint"
)

type problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

func main() {
	root := flag.String("root", "", "repository root (its .github/actionlint.yaml configures the run)")
	flag.Parse()
	if err := run(*root, flag.Args()); err != nil {
		fmt.Fprintf(os.Stderr, "workflow-lint: %v\n", err)
		os.Exit(2)
	}
}

func run(root string, files []string) error {
	shellcheck, _ := exec.LookPath("shellcheck") // "": actionlint skips its shellcheck rule
	linter, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{Shellcheck: shellcheck, Color: actionlint.ColorOptionKindNever})
	if err != nil {
		return err
	}
	var project *actionlint.Project
	if root != "" {
		if project, err = actionlint.NewProject(root); err != nil {
			return err
		}
	}
	errs, err := linter.LintFiles(files, project)
	if err != nil {
		return err
	}
	out := struct {
		Shellcheck bool      `json:"shellcheck"`
		Problems   []problem `json:"problems"`
	}{Shellcheck: shellcheck != "", Problems: []problem{}}
	for _, e := range errs {
		out.Problems = append(out.Problems, problem{e.Filepath, e.Line, strings.TrimSpace(e.Message) + " [" + e.Kind + "]"})
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}
