// compose-check validates docker-compose.yml with compose-go, the loader `docker compose` itself uses: the
// Compose specification's JSON schema, variable interpolation, env_file reading, extension merges (<<:) and the
// cross-references between services. It is the config check for the compose file where no Docker engine (and
// no Compose v2) can be installed. Required variables (secrets) get placeholder values; the resolved project
// is printed.
//
//	go run ./scripts/compose-check docker-compose.yml   (from the project root)
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/compose-spec/compose-go/v2/cli"
)

// Variables the compose file refuses to start without (`${NAME:?message}`): secrets, which a config check
// only needs set.
var requiredVariable = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*):\?`)

func placeholdersFor(content []byte) []string {
	var env []string
	for _, match := range requiredVariable.FindAllSubmatch(content, -1) {
		env = append(env, string(match[1])+"=placeholder")
	}
	return env
}

func main() {
	file := "docker-compose.yml"
	if len(os.Args) > 1 {
		file = os.Args[1]
	}
	if err := check(file); err != nil {
		fmt.Fprintf(os.Stderr, "compose-check: %s: %v\n", file, err)
		os.Exit(1)
	}
}

func check(file string) error {
	absolute, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	content, err := os.ReadFile(absolute)
	if err != nil {
		return err
	}
	options, err := cli.NewProjectOptions(
		[]string{absolute},
		cli.WithWorkingDirectory(filepath.Dir(absolute)),
		cli.WithEnv(placeholdersFor(content)),
		cli.WithProfiles([]string{"sandbox"}), // check the opt-in services too
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		return err
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		return err
	}
	resolved, err := project.MarshalYAML()
	if err != nil {
		return err
	}
	fmt.Print(string(resolved))
	fmt.Fprintf(os.Stderr, "compose-check: %s is valid (%d services)\n", file, len(project.Services))
	return nil
}
