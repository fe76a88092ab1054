package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"chitieu/internal/chitieu"
	"chitieu/internal/i18n"
	"chitieu/internal/sqlite"
)

// openDB opens the database named by --db (or CHITIEU_DB) for a command-line tool.
func openDB(path string) (*sqlite.DB, error) {
	db := sqlite.NewDB(path)
	if err := db.Open(); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

// readPassword takes the password from CHITIEU_PASSWORD, or the first line of stdin.
func readPassword(stdin io.Reader) (string, error) {
	if p := envOr("CHITIEU_PASSWORD", ""); p != "" {
		return p, nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("give the password on standard input or in CHITIEU_PASSWORD")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func userCommand(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("user: give a subcommand: create, list, passwd or disable")
	}
	fs := flag.NewFlagSet("chitieu user "+args[0], flag.ContinueOnError)
	dbPath := fs.String("db", envOr("CHITIEU_DB", "chitieu.db"), "SQLite database file")
	username := fs.String("username", "", "the user's name")
	role := fs.String("role", string(chitieu.RoleViewer), "admin, editor or viewer")
	unit := fs.String("unit", "", "limit an editor to this unit's subtree")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	users := sqlite.NewUserService(db)

	switch args[0] {
	case "create":
		password, err := readPassword(stdin)
		if err != nil {
			return err
		}
		u := &chitieu.UserCreate{User: chitieu.User{Username: *username, Role: chitieu.Role(*role), Unit: *unit}, Password: password}
		if err := users.CreateUser(ctx, u); err != nil {
			return userError(err)
		}
		fmt.Fprintf(stdout, "created user %s (%s)\n", u.Username, u.Role)
	case "list":
		list, _, err := users.FindUsers(ctx, chitieu.Page{Limit: chitieu.MaxLimit})
		if err != nil {
			return userError(err)
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "USERNAME\tROLE\tUNIT\tDISABLED")
		for _, u := range list {
			fmt.Fprintf(w, "%s\t%s\t%s\t%v\n", u.Username, u.Role, u.Unit, u.Disabled)
		}
		return w.Flush()
	case "passwd":
		password, err := readPassword(stdin)
		if err != nil {
			return err
		}
		if _, err := users.UpdateUser(ctx, *username, chitieu.UserUpdate{Password: &password}); err != nil {
			return userError(err)
		}
		fmt.Fprintf(stdout, "changed the password of %s\n", *username)
	case "disable":
		disabled := true
		if _, err := users.UpdateUser(ctx, *username, chitieu.UserUpdate{Disabled: &disabled}); err != nil {
			return userError(err)
		}
		fmt.Fprintf(stdout, "disabled %s\n", *username)
	default:
		return fmt.Errorf("user: unknown subcommand %q", args[0])
	}
	return nil
}

func tokenCommand(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("token: the only subcommand is create")
	}
	fs := flag.NewFlagSet("chitieu token create", flag.ContinueOnError)
	dbPath := fs.String("db", envOr("CHITIEU_DB", "chitieu.db"), "SQLite database file")
	username := fs.String("user", "", "the user the token acts as")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	token, err := sqlite.NewUserService(db).CreateToken(ctx, *username)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintln(stdout, token)
	return nil
}

// userError shows a domain error's message as it is, for the person at the terminal.
func userError(err error) error {
	if chitieu.ErrorCode(err) != chitieu.EINTERNAL {
		return errors.New(i18n.Message(i18n.EN, err))
	}
	return err
}
