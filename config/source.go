package config

// Describe says where a credential came from in words for a message,
// never its value: "_authToken in /home/me/.npmrc", "NPM_TOKEN from the
// environment", "... from the command line", or just the key. It is ""
// when the source is unknown. The registry client's error hints and
// publish's trusted-publishing notes both use it.
func (s Source) Describe() string {
	switch {
	case s.Key == "":
		return ""
	case s.File != "":
		return s.Key + " in " + s.File
	case s.Layer == LayerEnv:
		return s.Key + " from the environment"
	case s.Layer == LayerCLI:
		return s.Key + " from the command line"
	}
	return s.Key
}
