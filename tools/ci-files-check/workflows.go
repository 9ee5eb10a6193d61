package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// workflowLint is the workflow-lint binary (./workflow-lint, its own module) beside this one; build.sh
// puts them together.
func workflowLint() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	p := filepath.Join(filepath.Dir(self), "workflow-lint")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%s is missing: build both programs with tools/ci-files-check/build.sh", p)
	}
	return p, nil
}

// lintWorkflows runs actionlint (through workflow-lint) over workflow files; root, when set, is the
// repository whose .github/actionlint.yaml configures it. It also says whether shellcheck took part.
func lintWorkflows(files []string, root string) ([]problem, bool, error) {
	if len(files) == 0 && root == "" {
		return nil, false, usageError("workflow: " + errNoFiles.Error())
	}
	bin, err := workflowLint()
	if err != nil {
		return nil, false, err
	}
	args := append([]string{"-root=" + root}, files...)
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, false, fmt.Errorf("workflow-lint: %v: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	var out struct {
		Shellcheck bool `json:"shellcheck"`
		Problems   []struct {
			File    string `json:"file"`
			Line    int    `json:"line"`
			Message string `json:"message"`
		} `json:"problems"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return nil, false, fmt.Errorf("workflow-lint printed no result: %v", err)
	}
	probs := make([]problem, 0, len(out.Problems))
	for _, p := range out.Problems {
		probs = append(probs, problem{rel(p.File), p.Line, p.Message})
	}
	return probs, out.Shellcheck, nil
}

func shellcheckNote(used bool) string {
	if used {
		return "with shellcheck"
	}
	return "shellcheck not installed: run: scripts not checked"
}
